package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.cku.app.Api.Response;
import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import tools.jackson.databind.JsonNode;

/**
 * The export over real HTTP, checked by the CLI's offline verifier ({@code cku audit verify --offline}) the way an outside party would: with the downloaded export,
 * the latest checkpoint and the public key, and nothing else.
 */
class AuditExportTest extends ServiceTest {

    private static final String ACME = "export-acme";
    private static final Actor ALICE = new Actor(Actor.Kind.USER, "alice", TenantId.DEFAULT);
    private static final Actor BOB = new Actor(Actor.Kind.USER, "bob", new TenantId(ACME));

    @Autowired
    private AuditLog audit;

    @Autowired
    private AuditCheckpoints checkpoints;

    @TempDir
    private Path dir;

    @Test
    void anAdministratorsExportVerifiesOfflineAndATamperedLineFailsAtItsSeq() throws IOException {
        List<Long> seqs = appendAndAwait(ALICE, BOB, ALICE);
        checkpoints.checkpointNow();

        Response export = api().get("/audit/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        assertThat(lines(export.body()).get(seqs.get(1)).get("tenant").asString()).isEqualTo(ACME);
        assertThat(verifyOffline(api(), export.body())).startsWith("exit 0: VALID: ");

        long target = seqs.get(1);
        String tampered = export.body().lines()
                .map(line -> line.startsWith("{\"seq\":" + target + ",") ? line.replace("\"amount\":101", "\"amount\":1000101") : line)
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(verifyOffline(api(), tampered)).startsWith("exit 1: INVALID at entry " + target + ": entry " + target
                + "'s fields differ from its canonical bytes");
    }

    @Test
    void aTenantsApproverSeesOtherTenantsEntriesRedactedAndTheExportStillVerifies() throws IOException {
        Api approver = userWith(ACME, "APPROVER");
        List<Long> seqs = appendAndAwait(ALICE, BOB, ALICE);
        checkpoints.checkpointNow();

        Response export = approver.get("/audit/export?from=" + seqs.get(0));
        Map<Long, JsonNode> lines = lines(export.body());

        assertThat(lines.get(seqs.get(0)).propertyNames()).containsExactly("seq", "redacted", "leafHash", "prevLink", "linkHash");
        assertThat(lines.get(seqs.get(1)).get("actor").asString()).isEqualTo("user:bob");
        assertThat(lines.get(seqs.get(2)).get("redacted").asBoolean()).isTrue();
        assertThat(lines.values()).allMatch(line -> line.has("redacted") || line.get("tenant").asString().equals(ACME));
        assertThat(verifyOffline(approver, export.body())).startsWith("exit 0: VALID: ");
    }

    @Test
    void storedBytesThatAreNoLongerJsonAreExportedAsTheyAreAndFailAtTheirSeq() throws IOException {
        List<Long> seqs = appendAndAwait(ALICE, ALICE);
        checkpoints.checkpointNow();
        long target = seqs.get(0);
        byte[] original = jdbc.sql("SELECT canonical FROM audit_chain WHERE seq = ?").param(target).query(byte[].class).single();
        Response export;
        try {
            jdbc.sql("UPDATE audit_chain SET canonical = ? WHERE seq = ?").params(new byte[] {(byte) 0xff, '{'}, target).update();
            export = api().get("/audit/export?from=" + target);
        } finally {
            jdbc.sql("UPDATE audit_chain SET canonical = ? WHERE seq = ?").params(original, target).update();
        }

        assertThat(export.status()).isEqualTo(200);
        assertThat(verifyOffline(api(), export.body())).startsWith("exit 1: INVALID at entry " + target);
    }

    @Test
    void refusesARangeThatIsNotOneWithAProblem() {
        Response notANumber = api().get("/audit/export?from=abc");
        Response backwards = api().get("/audit/export?from=5&to=4");

        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.isProblem()).isTrue();
        assertThat(notANumber.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("errors").get(0).get("field").asString()).isEqualTo("to");
    }

    /** Appends one entry per actor and links them into the chain; their seqs in order. */
    private List<Long> appendAndAwait(Actor... actors) {
        String marker = "export-" + UUID.randomUUID();
        for (int i = 0; i < actors.length; i++) {
            audit.append(new AuditRecord(actors[i], "test.exported", marker + "-" + i, Map.of("amount", 100 + i, "note", "é ✓")));
        }
        audit.integrate();
        return jdbc.sql("SELECT seq FROM audit_entries WHERE subject LIKE ? ORDER BY subject").param(marker + "-%").query(Long.class).list();
    }

    /** Runs the offline verifier on the export and what this caller downloads of the checkpoint and key: exit code and output. */
    private String verifyOffline(Api caller, String export) throws IOException {
        Path exportFile = Files.writeString(dir.resolve("export.ndjson"), export);
        Path checkpoint = Files.writeString(dir.resolve("checkpoint.txt"), caller.get("/audit/checkpoints/latest").body());
        Path key = Files.writeString(dir.resolve("key.txt"), caller.get("/audit/public-key").body());

        Cli.Result verified = Cli.fresh().run("audit", "verify", "--offline", exportFile.toString(), "--checkpoint", checkpoint.toString(),
                "--public-key", key.toString(), "-o", "table");
        return "exit " + verified.exitCode() + ": " + verified.out() + verified.err();
    }

    private static Map<Long, JsonNode> lines(String ndjson) {
        Map<Long, JsonNode> lines = new LinkedHashMap<>();
        ndjson.lines().map(Api::json).forEach(line -> lines.put(line.get("seq").asLong(), line));
        return lines;
    }
}
