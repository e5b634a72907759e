package io.cku.governance.evidence;

import static io.cku.governance.evidence.EvidenceAttachmentsTest.assertRefused;
import static io.cku.governance.evidence.EvidenceAttachmentsTest.attachment;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class JacocoXmlSafetyTest {

    private static final String COUNTERS = "<counter type=\"LINE\" missed=\"1\" covered=\"3\"/>";

    private final AtomicInteger dtdRequests = new AtomicInteger();

    private HttpServer dtdServer;

    @TempDir
    Path dir;

    @BeforeEach
    void serveADtdThatDeclaresAnEntity() throws IOException {
        dtdServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dtdServer.createContext("/", exchange -> {
            dtdRequests.incrementAndGet();
            byte[] dtd = "<!ENTITY remote \"fetched\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, dtd.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(dtd);
            }
        });
        dtdServer.start();
    }

    @AfterEach
    void stopTheDtdServer() {
        dtdServer.stop(0);
    }

    @Test
    void toleratesJacocosDoctypeWithoutFetchingItsDtd() {
        String report = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"" + dtdUrl() + "\">"
                + "<report name=\"remote-dtd\">" + COUNTERS + "</report>";

        assertThat(EvidenceAttachments.summarise(List.of(attachment("jacoco", report)))).containsEntry("coverage", 0.75);
        assertThat(dtdRequests).hasValue(0);
    }

    @Test
    void refusesAnEntityDeclaredOnlyInAnExternalDtdWithoutFetchingIt() {
        String report = "<!DOCTYPE report SYSTEM \"" + dtdUrl() + "\"><report name=\"remote\">&remote;" + COUNTERS + "</report>";

        assertRefused(List.of(attachment("jacoco", report)), "evidence.attachments[0].content",
                "The entity \"remote\" was referenced, but not declared");
        assertThat(dtdRequests).hasValue(0);
    }

    @Test
    void refusesAnExternalEntityInsteadOfReadingTheFile() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<!DOCTYPE report [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<report name=\"xxe\">&x;" + COUNTERS + "</report>";

        assertRefused(List.of(attachment("jacoco", xxe)), "evidence.attachments[0].content",
                "The entity \"x\" was referenced, but not declared")
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("TOP-SECRET"));
    }

    @Test
    void refusesAnEntityExpansionBombWithoutExpandingIt() {
        StringBuilder bomb = new StringBuilder("<!DOCTYPE report [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        bomb.append("]><report name=\"&lol9;\">").append(COUNTERS).append("</report>");

        assertRefused(List.of(attachment("jacoco", bomb.toString())), "evidence.attachments[0].content",
                "was referenced, but not declared");
    }

    @Test
    void readsThePredefinedEntities() {
        String report = "<report name=\"a &amp; b &lt;c&gt;\">" + COUNTERS + "</report>";

        assertThat(EvidenceAttachments.summarise(List.of(attachment("jacoco", report)))).containsEntry("coverage", 0.75);
    }

    private String dtdUrl() {
        return "http://127.0.0.1:" + dtdServer.getAddress().getPort() + "/report.dtd";
    }
}
