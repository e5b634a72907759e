package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import io.cku.app.Api.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The examples the served description shows are true: each validates against the schema it illustrates, the submit-run example
 * is accepted for real, and broken copies of it fail validation as the service refuses them.
 */
class ApiExamplesTest extends ServiceTest {

    /** Where the validator files the served description; $refs such as #/components/schemas/X resolve inside it. */
    private static final String DESCRIPTION = "https://cku.invalid/v3/api-docs";

    @Test
    void theSubmitRunExampleValidatesAgainstTheRequestSchemaAndTheServiceRunsIt() {
        JsonNode description = description();
        JsonNode example = description.at("/components/schemas/RunRequest/example");

        assertThat(example.at("/plan/steps").size()).as("the README's three steps").isEqualTo(3);
        assertThat(errors(description, submitRunSchema(description), example)).isEmpty();
        Response submitted = api().post("/runs", example.toString());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        api().awaitStatus(submitted.json().get("id").asString(), "SUCCEEDED", Duration.ofSeconds(30));
    }

    @Test
    void brokenCopiesOfTheExampleFailValidationAndTheServiceRefusesThemToo() {
        JsonNode description = description();
        ObjectNode example = (ObjectNode) description.at("/components/schemas/RunRequest/example");
        List<UnaryOperator<ObjectNode>> breakages = List.of(
                run -> run.without("intent"),
                run -> run.put("mode", "friday"),
                run -> run.set("plan", run.objectNode().set("steps", run.arrayNode())),
                run -> withFirstStep(run, step -> step.without("name")),
                run -> withFirstStep(run, step -> step.put("timeoutMs", 0)));

        for (UnaryOperator<ObjectNode> breakage : breakages) {
            ObjectNode broken = breakage.apply(example.deepCopy());

            assertThat(errors(description, submitRunSchema(description), broken)).as("validation of %s", broken).isNotEmpty();
            assertThat(api().post("/runs", broken.toString()).status()).as("the service on %s", broken).isEqualTo(400);
        }
    }

    @Test
    void everyExampleInTheDescriptionValidatesAgainstItsSchema() {
        JsonNode description = description();
        List<String> wrong = new ArrayList<>();
        int checked = 0;

        for (Map.Entry<String, JsonNode> schema : description.at("/components/schemas").properties()) {
            String pointer = "#/components/schemas/" + schema.getKey();
            List<Map.Entry<String, JsonNode>> examples = new ArrayList<>();
            if (schema.getValue().has("example")) {
                examples.add(Map.entry(pointer, schema.getValue().get("example")));
            }
            schema.getValue().path("properties").properties().stream().filter(p -> p.getValue().has("example"))
                    .forEach(p -> examples.add(Map.entry(pointer + "/properties/" + p.getKey(), p.getValue().get("example"))));
            for (Map.Entry<String, JsonNode> example : examples) {
                checked++;
                List<Error> errors = errors(description, example.getKey(), example.getValue());
                if (!errors.isEmpty()) {
                    wrong.add(example.getKey() + ": " + errors);
                }
            }
        }

        assertThat(checked).isGreaterThanOrEqualTo(20);
        assertThat(wrong).as("examples that do not validate").isEmpty();
    }

    private JsonNode description() {
        Response response = anonymous().get("/v3/api-docs");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The schema the description gives for the body of POST /runs, as a $ref into it. */
    private static String submitRunSchema(JsonNode description) {
        return description.at("/paths/~1runs/post/requestBody/content/application~1json/schema/$ref").asString();
    }

    private static List<Error> errors(JsonNode description, String ref, JsonNode instance) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DESCRIPTION, description.toString())));
        Schema schema = registry.getSchema(SchemaLocation.of(DESCRIPTION + ref));
        return schema.validate(instance);
    }

    private static ObjectNode withFirstStep(ObjectNode run, UnaryOperator<ObjectNode> change) {
        ArrayNode steps = (ArrayNode) run.at("/plan/steps");
        steps.set(0, change.apply((ObjectNode) steps.get(0)));
        return run;
    }
}
