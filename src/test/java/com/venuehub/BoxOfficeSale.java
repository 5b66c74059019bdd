package com.venuehub;

import java.util.ArrayList;
import java.util.List;

/**
 * A box-office sale as the box office exports it: the CSV header and one row per ticket,
 * the buyer's columns written as typed (empty for what was not given).
 */
public final class BoxOfficeSale {

	public static final String HEADER = "sale_id;sold_at;venue;product_code;product_name;ticket_number;valid_from;"
			+ "valid_until;price;first_name;last_name;email;phone;postcode;birth_date;loyalty_card;optin_email;optin_sms";

	private final String saleId;

	private String soldAt = "14/03/2026 10:30";

	private String validFrom = "14/03/2026";

	private String validUntil = "13/03/2027";

	private String firstName = "";

	private String lastName = "";

	private String email = "";

	private String phone = "";

	private String postcode = "";

	private String birthDate = "";

	private String card = "";

	private String optinSms = "";

	private int tickets = 1;

	public BoxOfficeSale(String saleId) {
		this.saleId = saleId;
	}

	/** When it was sold, dd/MM/yyyy HH:mm in venue time. */
	public BoxOfficeSale soldAt(String soldAt) {
		this.soldAt = soldAt;
		return this;
	}

	/** Validity of its tickets, dd/MM/yyyy. */
	public BoxOfficeSale valid(String from, String until) {
		this.validFrom = from;
		this.validUntil = until;
		return this;
	}

	public BoxOfficeSale buyer(String firstName, String lastName) {
		this.firstName = firstName;
		this.lastName = lastName;
		return this;
	}

	public BoxOfficeSale email(String email) {
		this.email = email;
		return this;
	}

	public BoxOfficeSale phone(String phone) {
		this.phone = phone;
		return this;
	}

	public BoxOfficeSale postcode(String postcode) {
		this.postcode = postcode;
		return this;
	}

	/** dd/MM/yyyy. */
	public BoxOfficeSale birthDate(String birthDate) {
		this.birthDate = birthDate;
		return this;
	}

	public BoxOfficeSale card(String card) {
		this.card = card;
		return this;
	}

	public BoxOfficeSale optinSms(boolean optinSms) {
		this.optinSms = optinSms ? "1" : "0";
		return this;
	}

	public BoxOfficeSale tickets(int tickets) {
		this.tickets = tickets;
		return this;
	}

	public String saleId() {
		return this.saleId;
	}

	/** The ticket numbers, from 1. */
	public String ticket(int position) {
		return "T-" + this.saleId + "-" + position;
	}

	/** Its rows, without the header. */
	public List<String> rows() {
		List<String> rows = new ArrayList<>();
		for (int i = 1; i <= this.tickets; i++) {
			rows.add(String.join(";", this.saleId, this.soldAt, "zoo-lyon", "ADULT", "Entrée adulte", ticket(i),
					this.validFrom, this.validUntil, "24,50", this.firstName, this.lastName, this.email, this.phone,
					this.postcode, this.birthDate, this.card, "", this.optinSms));
		}
		return rows;
	}

	/** A whole export of these sales: the header, then their rows. */
	public static String csv(BoxOfficeSale... sales) {
		List<String> lines = new ArrayList<>(List.of(HEADER));
		for (BoxOfficeSale sale : sales) {
			lines.addAll(sale.rows());
		}
		return String.join("\n", lines) + "\n";
	}

}
