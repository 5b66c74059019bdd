package com.venuehub.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every HTTP error as a problem detail that says what was wrong; never a stack trace. An
 * outage (the broker or the database out of reach) is a 503 with {@code Retry-After}.
 */
@RestControllerAdvice
public class ApiErrors {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	private final String retryAfter;

	public ApiErrors(@Value("${hub.errors.retry-after-seconds}") int retryAfterSeconds) {
		this.retryAfter = Integer.toString(retryAfterSeconds);
	}

	@ExceptionHandler(ApiException.class)
	ProblemDetail api(ApiException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		ex.properties().forEach(problem::setProperty);
		return problem;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"parameter '" + ex.getName() + "' has an invalid value '" + ex.getValue() + "'");
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ProblemDetail missing(MissingServletRequestParameterException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"parameter '" + ex.getParameterName() + "' is required");
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadableBody(ex));
	}

	/**
	 * Why a body could not be read, so that the caller knows what to fix: none at all;
	 * JSON whose value does not fit its field (the field's path, what it should be, and
	 * the value, cut short); or no JSON.
	 */
	static String unreadableBody(HttpMessageNotReadableException ex) {
		if (ex.getCause() == null && ex.getMessage() != null
				&& ex.getMessage().startsWith("Required request body is missing")) {
			return "the request has no body: send the JSON it needs";
		}
		// broken JSON inside an object comes wrapped with the path it was found at
		if (!(ex.getCause() instanceof JsonMappingException mapping)
				|| mapping.getPath().isEmpty() && !(mapping instanceof MismatchedInputException)
				|| mapping.getCause() instanceof StreamReadException
						&& !(mapping.getCause() instanceof InputCoercionException)) {
			return "the request body cannot be read as JSON";
		}
		String field = path(mapping);
		String what = field.isEmpty() ? "the request body" : "field '" + field + "'";
		if (mapping instanceof PropertyBindingException) {
			return what + " is not one this request takes";
		}
		if (mapping.getCause() instanceof StreamConstraintsException) {
			return what + " is too long to be read";
		}
		Class<?> type = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
		if (mapping.getCause() instanceof InputCoercionException coercion) {
			type = coercion.getTargetType();
		}
		String expected = expected(type);
		if (expected == null) {
			return what + " cannot be read";
		}
		String detail = what + " must be " + expected;
		if (mapping instanceof InvalidFormatException invalid && invalid.getValue() != null) {
			detail += ", not " + quoted(invalid.getValue());
		}
		return detail;
	}

	/** {@code segment.tiers[0]} */
	private static String path(JsonMappingException mapping) {
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : mapping.getPath()) {
			if (reference.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String expected(Class<?> type) {
		if (type == null) {
			return null;
		}
		if (type == int.class || type == Integer.class) {
			return "a whole number from -2147483648 to 2147483647";
		}
		if (type == long.class || type == Long.class || type == short.class || type == Short.class
				|| type == java.math.BigInteger.class) {
			return "a whole number";
		}
		if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a text";
		}
		if (type == LocalDate.class) {
			return "a date as 2026-03-14";
		}
		if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
			return "a date-time as 2026-03-14T10:00:00+01:00";
		}
		if (type == LocalDateTime.class) {
			return "a date-time as 2026-03-14T10:00:00";
		}
		if (type == Duration.class) {
			return "a duration as PT2H or P1D";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants());
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		return "an object";
	}

	/** The value as the caller sent it, cut short: a detail never echoes a huge value. */
	private static String quoted(Object value) {
		return value instanceof String ? "\"" + cut(value.toString()) + "\"" : cut(value.toString());
	}

	private static String cut(String text) {
		return text.length() > 40 ? text.substring(0, 40) + "…" : text;
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ProblemDetail method(HttpRequestMethodNotSupportedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED,
				"method " + ex.getMethod() + " is not supported here");
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ProblemDetail mediaType(HttpMediaTypeNotSupportedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"content type " + ex.getContentType() + " is not supported here");
	}

	/**
	 * The problem detail itself is JSON whatever the caller accepts: a client asking only
	 * for another type still reads why.
	 */
	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ProblemDetail notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_ACCEPTABLE,
				"this endpoint answers " + ex.getSupportedMediaTypes().stream().map(Object::toString).toList()
						+ ", not what the Accept header asks for" + (accept == null ? "" : " (" + cut(accept) + ")"));
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ProblemDetail notFound(NoResourceFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such endpoint: /" + ex.getResourcePath());
	}

	@ExceptionHandler(CamelExecutionException.class)
	ResponseEntity<ProblemDetail> route(CamelExecutionException ex) {
		Throwable cause = ex.getCause() == null ? ex : ex.getCause();
		if (cause instanceof ApiException api) {
			return ResponseEntity.status(api.status()).body(api(api));
		}
		if (Failures.isOutage(cause)) {
			log.warn("Ingest route cannot reach the broker or the database: {}", Failures.summary(cause));
			return unavailable("the hub could not take the records now (" + Failures.summary(cause)
					+ "); send the batch again later: records already taken are not applied twice");
		}
		log.error("Ingest route failed", cause);
		return ResponseEntity.internalServerError()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "the hub failed to take the "
					+ "records (" + cause.getClass().getSimpleName() + "); see the hub's log"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		String refused = Failures.refusedValue(ex);
		if (refused != null) {
			return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, refused));
		}
		if (Failures.isOutage(ex)) {
			log.warn("Request failed: the broker or the database is unavailable ({})", Failures.summary(ex));
			return unavailable(
					"the hub cannot reach its database or broker now (" + Failures.summary(ex) + "); try again later");
		}
		log.error("Request failed", ex);
		return ResponseEntity.internalServerError()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "the hub failed to answer "
					+ "this request (" + ex.getClass().getSimpleName() + "); see the hub's log"));
	}

	private ResponseEntity<ProblemDetail> unavailable(String detail) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, this.retryAfter)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
	}

}
