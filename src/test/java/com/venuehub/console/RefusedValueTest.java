package com.venuehub.console;

import java.net.http.HttpResponse;
import java.util.Map;

import com.venuehub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value of an operator's request that PostgreSQL cannot store or compare (a NUL
 * character in a search, a filter or a JSON value; a date beyond its calendar): the API
 * answers a 400 that says so, the console a page that says so, and nothing is written.
 */
class RefusedValueTest extends HubTestSupport {

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aNulCharacterInASearchOrAFilterIsABadRequestThatSaysWhy(CapturedOutput output) {
		for (String path : new String[] { "/api/v1/customers?ticket=ZL%00", "/api/v1/quarantine?source=%00",
				"/api/v1/quarantine?reason=a%00b" }) {
			HttpResponse<String> answer = get(path, OPERATOR_KEY);
			assertThat(answer.statusCode()).as(path).isEqualTo(400);
			String parameter = path.substring(path.indexOf('?') + 1, path.indexOf('='));
			assertThat(readJson(answer.body()).path("detail").asText()).as(path)
				.contains("parameter '" + parameter + "'", "NUL character (U+0000)");
			assertThat(readJson(answer.body()).path("parameter").asText()).isEqualTo(parameter);
		}
		// refused before any statement: no failed search logged
		assertThat(output.getAll()).doesNotContain("HHH000327").doesNotContain("invalid byte sequence");

		ConsoleSession session = ConsoleSession.login(this.port, "admin");
		for (String path : new String[] { "/console/customers?q=Martin%00", "/console/quarantine?reason=%00" }) {
			HttpResponse<String> page = session.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(400);
			assertThat(page.body()).as(path).contains("NUL character (U+0000)").contains("Log out");
		}
		// and in a form
		HttpResponse<String> form = session.post("/console/quarantine/replay", Map.of("id", "12\u0000"));
		assertThat(form.statusCode()).isEqualTo(400);
		assertThat(form.body()).contains("parameter &#39;id&#39; holds a NUL character (U+0000)");
		// the segment builder's fields that are not of their kind
		for (String path : new String[] { "/console/segments?minPoints=cent",
				"/console/segments/audience?minPoints=cent", "/console/campaigns/new?minPoints=cent" }) {
			HttpResponse<String> page = session.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(400);
			assertThat(page.body()).as(path).contains("&#39;cent&#39; is not a valid value for minPoints");
		}
		// a hand-made replay form with an empty record id: no record ticked
		HttpResponse<String> replay = session.post("/console/quarantine/replay", Map.of("id", ""));
		assertThat(replay.statusCode()).isEqualTo(200);
		assertThat(replay.body()).contains("Tick the records to replay first.");
	}

	@Test
	void aNulCharacterInAJsonValueIsABadRequestAndWritesNothing() {
		String name = "nul-" + unique();
		HttpResponse<String> answer = post("/api/v1/campaigns", OPERATOR_KEY, "application/json",
				"{\"name\": \"" + name + "\", \"venue\": \"zoo-lyon\", \"template\": \"Hello\\u0000 there\"}");

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(readJson(answer.body()).path("detail").asText()).contains("NUL character (U+0000)");
		assertThat(this.jdbc.queryForObject("select count(*) from campaign where name = ?", Long.class, name)).isZero();
	}

	@Test
	void aDateBeyondTheDatabasesCalendarIsABadRequestAndWritesNothing() {
		TestReseller reseller = newReseller("RV" + unique());
		HttpResponse<String> answer = post("/api/v1/resellers/" + reseller.id() + "/allocations", OPERATOR_KEY,
				"application/json",
				"{\"productCode\": \"ADULT\", \"eventDate\": \"+999999999-12-31\", \"quantity\": 10}");

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(readJson(answer.body()).path("detail").asText()).contains("out of what the database can store",
				"SQL state 22008");
		assertThat(this.jdbc.queryForObject("select count(*) from reseller_allocation where reseller_id = ?",
				Long.class, reseller.id()))
			.isZero();
	}

	@Test
	void aDateOutsideTheYears1900To9999InAFilterIsABadRequestNamingTheParameter() {
		String far = "%2B999999999-12-31";
		String early = "-999999999-01-01";
		for (String[] path : new String[][] { { "/api/v1/data-quality?to=" + far, "'to'" },
				{ "/api/v1/data-quality?from=" + early, "'from'" }, { "/api/v1/venues/zoo-lyon/nps?to=" + far, "'to'" },
				{ "/api/v1/venues/zoo-lyon/nps?from=" + early, "'from'" },
				{ "/api/v1/venues/zoo-lyon/nps?to=" + far + "T00:00:00Z", "'to'" },
				{ "/api/v1/quarantine?day=" + far, "'day'" }, { "/api/v1/quarantine?day=" + early, "'day'" } }) {
			HttpResponse<String> answer = get(path[0], OPERATOR_KEY);
			assertThat(answer.statusCode()).as(path[0]).isEqualTo(400);
			assertThat(readJson(answer.body()).path("detail").asText()).as(path[0])
				.contains(path[1], "between the years 1900 and 9999");
		}

		ConsoleSession session = ConsoleSession.login(this.port, "admin");
		for (String path : new String[] { "/console/data-quality?to=" + far, "/console/data-quality?from=" + early,
				"/console/quarantine?day=" + far }) {
			HttpResponse<String> page = session.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(400);
			assertThat(page.body()).as(path).contains("between the years 1900 and 9999").contains("Log out");
		}
	}

}
