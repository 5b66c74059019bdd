package com.venuehub.email;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The confirmation of a purchase, end to end: order posted, outbox row, email on a real
 * SMTP server.
 */
class ConfirmationEmailTest extends EmailTestSupport {

	@Value("${hub.email.templates-folder}")
	String templatesFolder;

	@Test
	void onlineOrderGivesExactlyOneConfirmationWithItsDatesInFrench() throws Exception {
		String u = unique();
		String email = "camille." + u + "@example.fr";
		String code = order("C" + u, email, "fr", "2026-03-10T11:00:00+01:00", "2026-03-14", "2026-12-31");
		// the same order delivered again decides nothing new
		order(code, email, "fr", "2026-03-10T11:00:00+01:00", "2026-03-14", "2026-12-31");

		await().atMost(Duration.ofSeconds(30)).until(() -> sent("confirmation:online:" + code));
		List<MimeMessage> mails = mailsTo(email, "confirmation:online:" + code);
		assertThat(mails).hasSize(1);
		MimeMessage mail = mails.get(0);
		// sender and subject are the venue's
		assertThat(subject(mail)).isEqualTo("Zoo de Lyon : vos billets, commande " + code);
		assertThat(mail.getFrom()[0].toString()).isEqualTo("Zoo de Lyon <billetterie@zoo-lyon.example>");
		assertThat(text(mail)).contains("Bonjour Camille", "Entrée adulte", code + "-A", "Entrée enfant", code + "-B",
				"valable du samedi 14 mars 2026 au jeudi 31 décembre 2026");
		assertThat(html(mail)).contains("samedi 14 mars 2026", "jeudi 31 décembre 2026", code + "-B");
		assertThat(outbox("confirmation:online:" + code)).hasSize(1);
	}

	@Test
	void aBoxOfficeSaleOfSeveralLinesGivesOneConfirmationListingThemAll() throws Exception {
		String u = unique();
		Path folder = Path.of(this.inbox, "box-office");
		Files.createDirectories(folder);
		Path part = Files.writeString(folder.getParent().resolve("email-" + u + ".csv.part"),
				resource("/ingest/box-office-sale.csv").replace("{{u}}", u).replace("{{phone}}", ""));
		Files.move(part, folder.resolve("email-" + u + ".csv"));

		String key = "confirmation:box-office:S-" + u;
		await().atMost(Duration.ofSeconds(30)).until(() -> sent(key));
		List<MimeMessage> mails = mailsTo("jeanne." + u + "@example.fr", key);
		assertThat(mails).hasSize(1);
		assertThat(text(mails.get(0))).contains("Bonjour Jeanne", "T-" + u + "-1", "T-" + u + "-2",
				"valable du samedi 14 mars 2026 au samedi 13 mars 2027");
	}

	@Test
	void anEnglishSpeakingCustomerGetsEnglish() {
		String u = unique();
		String email = "sam." + u + "@example.co.uk";
		String code = order("E" + u, email, "en_GB", "2026-03-10T11:00:00+01:00", "2026-03-14", "2026-08-01");

		await().atMost(Duration.ofSeconds(30)).until(() -> sent("confirmation:online:" + code));
		MimeMessage mail = mailsTo(email, "confirmation:online:" + code).get(0);
		// no English subject for this venue: the default venue's
		assertThat(subject(mail)).isEqualTo("Your Zoo de Lyon tickets – order " + code);
		assertThat(text(mail)).contains("Hello Camille", "valid from Saturday 14 March 2026 to Saturday 1 August 2026");
	}

	@Test
	void theOutboxShowsTheRenderedMessageAndFiltersByCustomer() {
		String u = unique();
		String email = "lea." + u + "@example.fr";
		String code = order("R" + u, email, "fr", "2026-03-10T11:00:00+01:00", "2026-03-01", "2026-03-01");
		await().atMost(Duration.ofSeconds(30)).until(() -> sent("confirmation:online:" + code));
		Long customer = customerOf(code + "-A");

		JsonNode page = getJson(
				"/api/v1/messages?customerId=" + customer + "&channel=email&kind=confirmation&status=sent");
		assertThat(page.path("items")).hasSize(1);
		JsonNode listed = page.path("items").get(0);
		assertThat(listed.path("dedupKey").asText()).isEqualTo("confirmation:online:" + code);
		assertThat(listed.path("providerMessageId").asText()).startsWith("<outbox.");
		JsonNode message = getJson("/api/v1/messages/" + listed.path("id").asLong());
		assertThat(message.path("bodyText").asText()).contains("dimanche 1er mars 2026");
		assertThat(message.path("bodyHtml").asText()).contains("<td>" + code + "-A</td>");

		var wrong = get("/api/v1/messages?status=lost", OPERATOR_KEY);
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(wrong.body()).contains("status 'lost' is not one of");
		assertThat(get("/api/v1/messages/999999999", OPERATOR_KEY).statusCode()).isEqualTo(404);
	}

	@Test
	void anEditedTemplateInTheTemplatesFolderIsUsedWithoutRebuilding() throws Exception {
		Path folder = Path.of(this.templatesFolder);
		Files.createDirectories(folder);
		Path edited = folder.resolve("confirmation.en.txt");
		String shipped = resource("/email/templates/confirmation.en.txt");
		Files.writeString(edited, shipped + "\nSpring offer: bring a friend for half price.\n");
		try {
			String u = unique();
			String email = "edited." + u + "@example.co.uk";
			String code = order("T" + u, email, "en", "2026-03-10T11:00:00+01:00", "2026-03-14", "2026-08-01");
			await().atMost(Duration.ofSeconds(30)).until(() -> sent("confirmation:online:" + code));
			assertThat(text(mailsTo(email, "confirmation:online:" + code).get(0))).contains("Hello Camille",
					"Spring offer: bring a friend for half price.");
		}
		finally {
			Files.delete(edited);
		}
	}

	private boolean sent(String dedupKey) {
		List<Map<String, Object>> rows = outbox(dedupKey);
		return rows.size() == 1 && "SENT".equals(rows.get(0).get("status"));
	}

}
