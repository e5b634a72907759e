package io.cku.policy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;

/**
 * The CEL environment every policy rule is compiled in. A rule must return bool and may read:
 * <ul>
 * <li>{@code intent} string; {@code mode} string: {@code dev}, {@code staging} or {@code prod}</li>
 * <li>{@code labels} map(string, string)</li>
 * <li>{@code plan} list(map(string, dyn)): each step's {@code name}, {@code skill}, {@code risk} ({@code low}, {@code medium},
 * {@code high}), {@code params} map(string, dyn) and {@code target}: what it acts on ({@code host:port} for {@code http},
 * the command for {@code shell}, {@code -} for none), as learned rules name it</li>
 * <li>{@code evidence} map(string, dyn): whole numbers are int, other numbers double; int and double compare with each other</li>
 * <li>{@code submitter} map(string, string): {@code kind} ({@code user}, {@code service-account}, {@code system}),
 * {@code name}, {@code tenant}</li>
 * <li>{@code time} google.protobuf.Timestamp of the evaluation, with CEL's accessors such as {@code time.getHours("Europe/Paris")}
 * and {@code time.getDayOfWeek()} (0 is Sunday; UTC without a time zone)</li>
 * </ul>
 */
public final class RuleLanguage {

    private static final CelType STRINGS = MapType.create(SimpleType.STRING, SimpleType.STRING);
    private static final CelType VALUES = MapType.create(SimpleType.STRING, SimpleType.DYN);

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
            .addVar("intent", SimpleType.STRING)
            .addVar("mode", SimpleType.STRING)
            .addVar("labels", STRINGS)
            .addVar("plan", ListType.create(VALUES))
            .addVar("evidence", VALUES)
            .addVar("submitter", STRINGS)
            .addVar("time", SimpleType.TIMESTAMP)
            .setResultType(SimpleType.BOOL)
            .build();

    private RuleLanguage() {
    }

    /** Why the expression does not compile to a bool, as CEL says it with line and column; empty when it does. */
    public static Optional<String> compileError(String expression) {
        CelValidationResult result = CEL.compile(expression);
        return result.hasError() ? Optional.of(describe(result.getErrors())) : Optional.empty();
    }

    /** The expression compiled into a program that is safe to share between threads. */
    static Program compile(String expression) throws CelValidationException, CelEvaluationException {
        CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
        return CEL.createProgram(ast);
    }

    static String describe(List<CelIssue> issues) {
        return issues.stream().map(RuleLanguage::describe).collect(Collectors.joining("; "));
    }

    private static String describe(CelIssue issue) {
        var at = issue.getSourceLocation();
        return at.getLine() > 0 ? "at " + at.getLine() + ":" + (at.getColumn() + 1) + ": " + issue.getMessage() : issue.getMessage();
    }
}
