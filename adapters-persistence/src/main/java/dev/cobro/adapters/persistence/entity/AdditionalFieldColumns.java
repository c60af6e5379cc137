package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One of Pay-me's additional_fields; the list position keeps the merchant's order. */
@Embeddable
public class AdditionalFieldColumns {

    @Column(name = "field_key", nullable = false, length = 50)
    public String key;

    @Column(name = "field_value", nullable = false, length = 255)
    public String value;

    public AdditionalFieldColumns() {
    }

    public AdditionalFieldColumns(String key, String value) {
        this.key = key;
        this.value = value;
    }
}
