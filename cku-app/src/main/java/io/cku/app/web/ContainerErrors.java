package io.cku.app.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Errors Tomcat answers by itself, before any filter or servlet runs (a URI it refuses, headers over the size limit), become
 * RFC 9457 problems like every other error, instead of Tomcat's HTML page.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    /** Runs after Spring Boot's own customizer (order 0), so it replaces the HTML valve Boot installs. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports(JsonMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            Arrays.stream(pipeline.getValves()).filter(ErrorReportValve.class::isInstance).forEach(pipeline::removeValve);
            pipeline.addValve(new ProblemReportValve(json));
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** Writes the problem for an error status nobody wrote a body for. */
    static final class ProblemReportValve extends ErrorReportValve {

        private final JsonMapper json;

        ProblemReportValve(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            HttpStatus status = HttpStatus.resolve(response.getStatus());
            if (status == null || !status.isError() || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(json.writeValueAsString(ErrorResponses.problem(status)));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException clientGone) {
                // Nothing more can be said on this connection.
            }
        }
    }
}
