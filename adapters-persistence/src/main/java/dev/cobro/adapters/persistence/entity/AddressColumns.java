package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A billing or shipping address. Its columns take the attribute's name as prefix
 * ({@code billing_first_name}, {@code shipping_city}): see {@code HibernateSetup}'s naming.
 */
@Embeddable
public class AddressColumns {

    @Column(updatable = false) public String id;
    @Column(updatable = false) public String firstName;
    @Column(updatable = false) public String lastName;
    @Column(updatable = false) public String email;
    @Column(updatable = false) public String phoneCountryCode;
    @Column(updatable = false) public String phoneSubscriber;
    @Column(updatable = false) public String line1;
    @Column(updatable = false) public String line2;
    @Column(updatable = false) public String city;
    @Column(updatable = false) public String state;
    @Column(updatable = false) public String country;
    @Column(updatable = false) public String zipCode;

    public AddressColumns() {
    }
}
