package com.venuehub.reseller;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.venuehub.console.ConsolePage;
import com.venuehub.console.ConsoleUser;
import com.venuehub.console.Paging;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A reseller's own console page: its allocations and remaining stock per product and
 * date, its stock alerts, and a signed test webhook to its endpoint. The reseller is the
 * login's, never one named in the request.
 */
@Controller
@ConsolePage
public class ResellerPages {

	private final JdbcTemplate jdbc;

	private final ResellerController resellers;

	private final WebhookDispatcher webhooks;

	private final ObjectMapper json;

	private final Clock clock;

	public ResellerPages(JdbcTemplate jdbc, ResellerController resellers, WebhookDispatcher webhooks, ObjectMapper json,
			Clock clock) {
		this.jdbc = jdbc;
		this.resellers = resellers;
		this.webhooks = webhooks;
		this.json = json;
		this.clock = clock;
	}

	@GetMapping("/console/reseller")
	String reseller(@AuthenticationPrincipal ConsoleUser user, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "25") int size, Model model) {
		Paging.check(page, size);
		Account account = account(user);
		model.addAttribute("code", user.reseller());
		if (account == null) {
			return "reseller/reseller";
		}
		ResellerController.ResellerView reseller = this.resellers.get(account.id());
		model.addAttribute("reseller", reseller);
		model.addAttribute("webhook", account.webhookUrl() != null);
		List<ResellerController.AlertView> alerts = this.resellers.alerts(account.id());
		int from = Math.min(alerts.size(), page * size);
		model.addAttribute("alerts",
				new Paging<>(alerts.subList(from, Math.min(alerts.size(), from + size)), page, size, alerts.size()));
		return "reseller/reseller";
	}

	@PostMapping("/console/reseller/test-webhook")
	String testWebhook(@AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect)
			throws JsonProcessingException {
		Account account = account(user);
		if (account == null || account.webhookUrl() == null) {
			redirect.addFlashAttribute("problem", "No webhook address is set for your reseller: ask the venue.");
			return "redirect:/console/reseller";
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "TEST");
		body.put("reseller", Map.of("id", account.id(), "code", user.reseller()));
		body.put("occurredAt", this.clock.instant().toString());
		WebhookDispatcher.TestAnswer answer = this.webhooks.test(account.webhookUrl(), account.secret(),
				this.json.writeValueAsString(body));
		redirect.addFlashAttribute("answer", answer);
		return "redirect:/console/reseller";
	}

	private Account account(ConsoleUser user) {
		return this.jdbc
			.query("select id, webhook_url, webhook_secret from reseller where code = ?",
					(rs, n) -> new Account(rs.getLong(1), rs.getString(2), rs.getString(3)), user.reseller())
			.stream()
			.findFirst()
			.orElse(null);
	}

	private record Account(long id, String webhookUrl, String secret) {
	}

}
