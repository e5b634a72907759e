package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import tools.jackson.databind.JsonNode;

/** A tenant's CEL policy rules, published as versions and enforced by the POLICY gate, over HTTP. */
class PolicyRulesTest extends ServiceTest {

    private static final String DENY_SHELL = """
            {"rules":[{"name":"no-shell-in-payments","expression":"labels[\\"team\\"] == \\"payments\\" && plan.exists(s, s.skill == \\"shell\\")",
                       "effect":"DENY","message":"payments runs may not use shell","shadow":%s}],"reason":"%s"}""";
    private static final String SHELL_RUN = """
            {"intent":"rotate logs","labels":{"team":"payments"},"plan":{"steps":[{"name":"e","skill":"shell","params":{"command":"echo","args":["hi"]}}]}}""";

    @Test
    void aDenyRuleRejectsWithItsMessageAndInShadowModeOnlyRecordsWhatItWouldDo() {
        String tenant = "pol-" + UUID.randomUUID().toString().substring(0, 8);
        Api admin = userWith(tenant, "ADMIN");

        Response published = admin.post("/admin/policies", DENY_SHELL.formatted("false", "incident 42"));
        assertThat(published.status()).isEqualTo(201);
        assertThat(published.json().get("version").asInt()).isEqualTo(1);
        JsonNode denied = admin.awaitStatus(admin.submit(SHELL_RUN), "REJECTED", Duration.ofSeconds(10));
        assertThat(denied.get("reason").asString()).isEqualTo("POLICY: rule 'no-shell-in-payments' (v1): payments runs may not use shell");

        admin.post("/admin/policies", DENY_SHELL.formatted("true", "observe only"));
        JsonNode shadowed = admin.awaitStatus(admin.submit(SHELL_RUN), "SUCCEEDED", Duration.ofSeconds(10));
        JsonNode policyGate = shadowed.get("gates").get(8);
        assertThat(policyGate.get("gate").asString()).isEqualTo("POLICY");
        assertThat(policyGate.get("reason").asString()).contains("shadow").contains("no-shell-in-payments").contains("DENY");

        JsonNode versions = admin.get("/policies").json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("active").asBoolean()).isTrue();
        assertThat(versions.get(1).get("active").asBoolean()).isFalse();
        assertThat(admin.post("/admin/policies/1/activate", "").status()).isEqualTo(200);
        assertThat(admin.get("/policies").json().get(1).get("active").asBoolean()).isTrue();
    }

    @Test
    void aVersionCanBeReadAndComparedWithAnotherRuleByRule() {
        String tenant = "pol-diff-" + UUID.randomUUID().toString().substring(0, 8);
        Api admin = userWith(tenant, "ADMIN");
        admin.post("/admin/policies", """
                {"rules":[{"name":"keep","expression":"mode == 'prod'","effect":"WARN","message":"prod"},
                          {"name":"drop","expression":"true","effect":"WARN","message":"always"},
                          {"name":"tighten","expression":"mode == 'prod'","effect":"WARN","message":"prod"}]}""");
        admin.post("/admin/policies", """
                {"rules":[{"name":"keep","expression":"mode == 'prod'","effect":"WARN","message":"prod"},
                          {"name":"tighten","expression":"mode == 'prod'","effect":"PAUSE","message":"prod"},
                          {"name":"new","expression":"size(plan) > 10","effect":"PAUSE","message":"a big plan"}]}""");

        JsonNode second = admin.get("/policies/2").json();
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("rules")).hasSize(3);
        JsonNode diff = admin.get("/policies/2/diff").json();
        assertThat(diff.get("against").asInt()).isEqualTo(1);
        assertThat(diff.get("added").valueStream().map(rule -> rule.get("name").asString()).toList()).containsExactly("new");
        assertThat(diff.get("removed").valueStream().map(rule -> rule.get("name").asString()).toList()).containsExactly("drop");
        assertThat(diff.get("changed")).hasSize(1);
        assertThat(diff.get("changed").get(0).get("before").get("effect").asString()).isEqualTo("WARN");
        assertThat(diff.get("changed").get(0).get("after").get("effect").asString()).isEqualTo("PAUSE");
        assertThat(admin.get("/policies/1/diff").json().get("added")).as("the first version against nothing").hasSize(3);

        assertThat(admin.get("/policies/9").status()).isEqualTo(404);
        assertThat(admin.get("/policies/2/diff?against=9").status()).isEqualTo(404);
        assertThat(admin.get("/policies/two").status()).isEqualTo(400);
        assertThat(userWith("pol-other-" + UUID.randomUUID().toString().substring(0, 6), "ADMIN").get("/policies/1").status())
                .as("another tenant's version is not there").isEqualTo(404);
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedNamingIt() {
        Response response = api().post("/admin/policies", """
                {"rules":[{"name":"ok","expression":"mode == \\"prod\\"","effect":"WARN","message":"prod"},
                          {"name":"broken","expression":"mode ==","effect":"DENY","message":"x"}]}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("rules[1].expression");
        assertThat(api().post("/admin/policies/77/activate", "").status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsRulesDoNotApply() {
        Api other = userWith("pol-other-" + UUID.randomUUID().toString().substring(0, 6), "ADMIN");

        JsonNode run = other.awaitStatus(other.submit(SHELL_RUN), "SUCCEEDED", Duration.ofSeconds(10));

        assertThat(run.get("gates").get(8).get("reason").asString()).startsWith("no policy rules for tenant");
    }
}
