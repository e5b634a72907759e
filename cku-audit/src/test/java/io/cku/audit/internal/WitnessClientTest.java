package io.cku.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cku.audit.internal.WitnessClient.Answer;

/** How a witness's answer is read; the exchange itself is tested over HTTP in cku-app's WitnessDeliveryTest. */
class WitnessClientTest {

    private static final Optional<String> SIZE_TYPE = Optional.of("text/x.tlog.size");

    @Test
    void anySuccessStatusAcceptsAndKeepsTheBody() {
        assertThat(WitnessClient.answer(200, Optional.of("text/plain"), "— witness.example AAAA\n"))
                .isEqualTo(new Answer.Accepted("— witness.example AAAA\n"));
        assertThat(WitnessClient.answer(204, Optional.empty(), "")).isEqualTo(new Answer.Accepted(""));
    }

    @Test
    void conflictWithASizeBodyNamesTheWitnessSize() {
        assertThat(WitnessClient.answer(409, SIZE_TYPE, "1042\n")).isEqualTo(new Answer.Conflict(1042));
        assertThat(WitnessClient.answer(409, Optional.of("Text/X.Tlog.Size; charset=utf-8"), "7")).isEqualTo(new Answer.Conflict(7));
    }

    @Test
    void conflictWithoutAReadableSizeIsAFailureToRetry() {
        assertThat(WitnessClient.answer(409, Optional.of("text/plain"), "1042")).isInstanceOf(Answer.Failed.class);
        assertThat(WitnessClient.answer(409, Optional.empty(), "1042")).isInstanceOf(Answer.Failed.class);
        assertThat(WitnessClient.answer(409, SIZE_TYPE, "-1")).isInstanceOf(Answer.Failed.class);
        assertThat(WitnessClient.answer(409, SIZE_TYPE, "01")).isInstanceOf(Answer.Failed.class);
        assertThat(WitnessClient.answer(409, SIZE_TYPE, "9999999999999999999")).isInstanceOf(Answer.Failed.class);
        assertThat(WitnessClient.answer(409, SIZE_TYPE, "99999999999999999999")).isInstanceOf(Answer.Failed.class);
    }

    @Test
    void otherStatusesAreFailuresNamingTheStatusAndAShortenedBody() {
        Answer answer = WitnessClient.answer(503, Optional.of("text/plain"), "down for maintenance " + "x".repeat(2000));

        assertThat(answer).isInstanceOfSatisfying(Answer.Failed.class, failed -> {
            assertThat(failed.reason()).startsWith("HTTP 503: down for maintenance");
            assertThat(failed.reason().length()).isLessThan(600);
        });
        assertThat(WitnessClient.answer(302, Optional.empty(), "")).isEqualTo(new Answer.Failed("HTTP 302"));
    }
}
