package com.venuehub.platform;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.core.StandardHost;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The web server and the request firewall answer their own refusals as problem details
 * too, like every other error of the hub.
 */
@Configuration(proxyBeanMethods = false)
public class WebServerConfiguration {

	/**
	 * A path the firewall refuses ("..", an encoded slash once decoded): 400 saying why.
	 */
	@Bean
	RequestRejectedHandler problemRequestRejected() {
		return (request, response, ex) -> {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			response.getWriter()
				.write("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":"
						+ "\"the request path cannot be accepted: it holds '..', an encoded '/' or '%', or another "
						+ "character a path may not hold\"}");
		};
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

}
