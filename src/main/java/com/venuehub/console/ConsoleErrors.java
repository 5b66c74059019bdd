package com.venuehub.console;

import com.venuehub.platform.ApiException;
import com.venuehub.platform.Failures;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * A console page that fails shows what went wrong in words, with the layout around it;
 * never a stack trace. Ahead of the API's problem details for console controllers.
 */
@ControllerAdvice(annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleErrors {

	private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

	@ExceptionHandler(ApiException.class)
	String api(ApiException ex, HttpServletResponse response, Model model) {
		return page(response, model, ex.status(), ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	String typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletResponse response, Model model) {
		return page(response, model, HttpStatus.BAD_REQUEST,
				"'" + ex.getValue() + "' is not a valid value for " + ex.getName());
	}

	/**
	 * A form field that is not of its kind (letters in a number of points, an impossible
	 * date): each such field named, with the value cut short.
	 */
	@ExceptionHandler(BindException.class)
	String binding(BindException ex, HttpServletResponse response, Model model) {
		StringBuilder message = new StringBuilder();
		for (FieldError error : ex.getFieldErrors()) {
			String value = String.valueOf(error.getRejectedValue());
			message.append(message.isEmpty() ? "" : "; ")
				.append("'")
				.append(value.length() > 40 ? value.substring(0, 40) + "…" : value)
				.append("' is not a valid value for ")
				.append(error.getField());
		}
		return page(response, model, HttpStatus.BAD_REQUEST,
				message.isEmpty() ? "The form holds a value the hub cannot read." : message.toString());
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	String missing(MissingServletRequestParameterException ex, HttpServletResponse response, Model model) {
		return page(response, model, HttpStatus.BAD_REQUEST, ex.getParameterName() + " is required");
	}

	@ExceptionHandler(Exception.class)
	String unexpected(Exception ex, HttpServletResponse response, Model model) {
		String refused = Failures.refusedValue(ex);
		if (refused != null) {
			return page(response, model, HttpStatus.BAD_REQUEST,
					Character.toUpperCase(refused.charAt(0)) + refused.substring(1) + ".");
		}
		if (Failures.isOutage(ex)) {
			log.warn("Console page failed: the broker or the database is unavailable ({})", Failures.summary(ex));
			return page(response, model, HttpStatus.SERVICE_UNAVAILABLE,
					"The hub cannot reach its database or broker just now. Try again in a moment.");
		}
		log.error("Console page failed", ex);
		return page(response, model, HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on the hub while showing this page. The hub's log says what.");
	}

	private static String page(HttpServletResponse response, Model model, HttpStatus status, String message) {
		response.setStatus(status.value());
		model.addAttribute("status", status.value());
		model.addAttribute("heading", status.getReasonPhrase());
		model.addAttribute("message", message);
		return "console/problem";
	}

}
