package io.cku.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cku.audit.AuditRecord;
import io.cku.shared.audit.Jcs;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

class StorableTest {

    @Test
    void replacesNulAndLoneSurrogatesButKeepsPairs() {
        AuditRecord hostile = new AuditRecord(new Actor(Actor.Kind.USER, "a\u0000b\ud800", TenantId.DEFAULT), "login.failed",
                "x\udc00y", Map.of("k\u0000", List.of("ok \ud83d\ude00", "\ud83d")));

        AuditRecord stored = Storable.of(hostile);

        assertThat(stored.actor().name()).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(stored.subject()).isEqualTo("x\uFFFDy");
        assertThat(stored.details()).containsEntry("k\uFFFD", List.of("ok \ud83d\ude00", "\uFFFD"));
        assertThat(Jcs.canonicalize((Object) stored.details())).isNotEmpty();
    }
}
