package io.cku.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cku completion}: the shell completion script of every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true, description = "Print the completion script for bash, zsh or fish.",
        footerHeading = "%nExamples:%n", footer = {
                "  source <(cku completion bash)                      # bash: add it to ~/.bashrc",
                "  cku completion zsh > \"${fpath[1]}/_cku\"             # zsh",
                "  cku completion fish > ~/.config/fish/completions/cku.fish"})
final class Completion implements Callable<Integer> {

    enum Shell { bash, zsh, fish }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish")
    Shell shell;

    @Spec
    CommandSpec spec;

    private final Environment env;

    Completion(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        // picocli's script serves zsh too (through bashcompinit, which it loads itself)
        env.out().print(shell == Shell.fish ? fish(root) : AutoComplete.bash("cku", root));
        env.out().flush();
        return ExitCode.OK;
    }

    /** Fish completions: each subcommand under its parent, each option of each command. */
    private static String fish(CommandLine root) {
        StringBuilder script = new StringBuilder("# fish completion for cku\ncomplete -c cku -f\n");
        fish(root, "", script);
        return script.toString();
    }

    private static void fish(CommandLine command, String path, StringBuilder script) {
        String condition = path.isEmpty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + path.substring(path.lastIndexOf(' ') + 1);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias
            }
            String description = sub.getCommandSpec().usageMessage().description().length == 0 ? ""
                    : sub.getCommandSpec().usageMessage().description()[0];
            script.append("complete -c cku -n '").append(condition).append("' -a ").append(name).append(" -d '")
                    .append(description.replace("'", "\\'")).append("'\n");
            for (OptionSpec option : sub.getCommandSpec().options()) {
                for (String optionName : option.names()) {
                    script.append("complete -c cku -n '__fish_seen_subcommand_from ").append(name).append("' ")
                            .append(optionName.startsWith("--") ? "-l " + optionName.substring(2) : "-s " + optionName.substring(1))
                            .append(option.arity().max() > 0 ? " -r" : "").append('\n');
                }
            }
            fish(sub, path + " " + name, script);
        });
    }
}
