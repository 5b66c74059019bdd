package com.venuehub.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.venuehub.platform.ApiException;
import com.venuehub.platform.Failures;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's login page, its home page (one panel per capability the user's roles
 * open) and the page shown when a role does not allow a page.
 */
@Controller
@ConsolePage
public class HomeController {

	private static final Logger log = LoggerFactory.getLogger(HomeController.class);

	private final List<HomePanel> panels;

	public HomeController(List<HomePanel> panels) {
		this.panels = panels.stream().sorted(Comparator.comparingInt(HomePanel::order)).toList();
	}

	@GetMapping("/")
	String root() {
		return "redirect:/console";
	}

	@GetMapping("/console/login")
	String login() {
		return "console/login";
	}

	@GetMapping("/console")
	String home(@AuthenticationPrincipal ConsoleUser user, Model model) {
		List<Shown> shown = new ArrayList<>();
		for (HomePanel panel : this.panels) {
			if (!user.may(panel.roles())) {
				continue;
			}
			try {
				shown.add(new Shown(panel.template(), panel.model(user), false));
			}
			catch (ApiException | org.springframework.dao.DataAccessException ex) {
				// one panel that cannot be read leaves the others shown
				log.warn("Home panel {} failed: {}", panel.getClass().getSimpleName(), Failures.summary(ex));
				shown.add(new Shown(panel.template(), Map.of(), true));
			}
		}
		model.addAttribute("panels", shown);
		return "console/home";
	}

	@GetMapping("/console/denied")
	String denied(HttpServletResponse response, Model model) {
		response.setStatus(403);
		model.addAttribute("status", 403);
		model.addAttribute("heading", "Not for your role");
		model.addAttribute("message",
				"Your role does not open this page. Ask an administrator if you need it for your work.");
		return "console/problem";
	}

	/** A panel as the home page draws it. */
	public record Shown(String template, Map<String, Object> model, boolean failed) {
	}

}
