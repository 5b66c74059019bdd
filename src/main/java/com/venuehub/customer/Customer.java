package com.venuehub.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * A unified customer: one person seen by any number of sources. Written by unify, read by
 * the API.
 */
@Entity
@Table(name = "customer")
public class Customer {

	@Id
	private Long id;

	@Column(name = "first_name")
	private String firstName;

	@Column(name = "last_name")
	private String lastName;

	@Column(name = "birth_date")
	private LocalDate birthDate;

	@Column(name = "street_number")
	private String streetNumber;

	private String street;

	private String locality;

	private String postcode;

	private String locale;

	@Column(name = "merged_into")
	private Long mergedInto;

	@Column(name = "erased_at")
	private Instant erasedAt;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@OneToMany(mappedBy = "customerId")
	@OrderBy("kind, value")
	private List<CustomerIdentifier> identifiers = new ArrayList<>();

	protected Customer() {
	}

	public Long getId() {
		return this.id;
	}

	public String getFirstName() {
		return this.firstName;
	}

	public String getLastName() {
		return this.lastName;
	}

	public LocalDate getBirthDate() {
		return this.birthDate;
	}

	public String getStreetNumber() {
		return this.streetNumber;
	}

	public String getStreet() {
		return this.street;
	}

	public String getLocality() {
		return this.locality;
	}

	public String getPostcode() {
		return this.postcode;
	}

	public String getLocale() {
		return this.locale;
	}

	public Long getMergedInto() {
		return this.mergedInto;
	}

	/** When the customer was erased: the row is then an anonymous holder of figures. */
	public Instant getErasedAt() {
		return this.erasedAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public List<CustomerIdentifier> getIdentifiers() {
		return this.identifiers;
	}

}
