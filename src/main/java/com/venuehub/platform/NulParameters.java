package com.venuehub.platform;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a request whose query or form parameter holds a NUL character (U+0000) before
 * any search or write: PostgreSQL can neither store nor compare it. The answer is the 400
 * the database's refusal would give, naming the parameter, as a problem detail on the API
 * and a page on the console, without a failed statement in the logs.
 */
@Configuration(proxyBeanMethods = false)
public class NulParameters implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				check(request.getParameterMap());
				return true;
			}

		}).addPathPatterns("/api/v1/**", "/console/**").excludePathPatterns("/api/v1/ingest/**");
	}

	static void check(Map<String, String[]> parameters) {
		parameters.forEach((name, values) -> {
			for (String value : values) {
				if (name.indexOf('\0') >= 0 || value != null && value.indexOf('\0') >= 0) {
					String shown = name.replace('\0', ' ');
					throw new ApiException(HttpStatus.BAD_REQUEST,
							"parameter '" + shown
									+ "' holds a NUL character (U+0000), which the hub cannot store or search: "
									+ "remove it and send the request again",
							Map.of("parameter", shown));
				}
			}
		});
	}

}
