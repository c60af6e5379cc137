package com.example.hosts.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** The JPA host's own entity, in its own table in {@code public}. */
@Entity
@Table(name = "shop_order")
public class ShopOrder {

    @Id
    @Column(length = 40)
    private String id;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal total;

    protected ShopOrder() {
    }

    public ShopOrder(String id, BigDecimal total) {
        this.id = id;
        this.total = total;
    }

    public String id() {
        return id;
    }

    public BigDecimal total() {
        return total;
    }
}
