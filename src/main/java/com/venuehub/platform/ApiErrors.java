package com.venuehub.platform;

import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request body cannot be read as JSON");
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
