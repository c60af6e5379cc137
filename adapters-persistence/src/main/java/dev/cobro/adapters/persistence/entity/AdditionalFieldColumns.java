package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One of Pay-me's additional_fields; the list position keeps the merchant's order. Its columns are
 * named here: the naming would prefix an element's columns with the collection's path.
 */
@Embeddable
public class AdditionalFieldColumns {

    @Column(name = "field_key") public String key;
    @Column(name = "field_value") public String value;

    public AdditionalFieldColumns() {
    }

    public AdditionalFieldColumns(String key, String value) {
        this.key = key;
        this.value = value;
    }
}
