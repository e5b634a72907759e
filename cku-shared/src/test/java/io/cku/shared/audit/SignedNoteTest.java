package io.cku.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignedNoteTest {

    private static final String LINE = "\u2014 cku.example/audit AAAAAAA=\n";

    @Test
    void textEndsAtTheLastBlankLineSoItMayHoldEmptyLines() {
        SignedNote note = SignedNote.parse("first\n\nsecond\n\n" + LINE);

        assertThat(note.text()).isEqualTo("first\n\nsecond\n");
        assertThat(note.signatures()).hasSize(1);
    }

    @Test
    void keepsEverySignatureLineInOrder() {
        SignedNote note = SignedNote.parse("text\n\n" + LINE + LINE.replace("cku.example/audit", "witness.example/w1"));

        assertThat(note.signatures()).extracting(SignedNote.Signature::keyName)
                .containsExactly("cku.example/audit", "witness.example/w1");
    }

    @Test
    void keyNamesAreNonEmptyWithoutSpacesOrPlus() {
        assertThat(SignedNote.isValidKeyName("cku.example/audit")).isTrue();
        assertThat(SignedNote.isValidKeyName("PeterNeumann")).isTrue();
        assertThat(SignedNote.isValidKeyName("")).isFalse();
        assertThat(SignedNote.isValidKeyName(null)).isFalse();
        assertThat(SignedNote.isValidKeyName("a+b")).isFalse();
        assertThat(SignedNote.isValidKeyName("a\tb")).isFalse();
        assertThat(SignedNote.isValidKeyName("a\u0085b")).isFalse();
        assertThat(SignedNote.isValidKeyName("a\u202fb")).isFalse();
    }
}
