package dev.flowdb.cli;

import dev.flowdb.HumanInputRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code human request|answer}: a feature waits for a person, and gets its answer. */
@Command(name = "human", mixinStandardHelpOptions = true, description = "Ask a person for input on a feature in progress, or record the answer.",
        subcommands = {HumanCommand.Request.class, HumanCommand.Answer.class})
final class HumanCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: request or answer");
    }

    @Command(name = "request", mixinStandardHelpOptions = true, description = "The feature (in progress) waits for a person.",
            footer = {"", "Examples:", "  flow-db human request 7 --prompt 'Which provider?' --field provider:Provider:select:github,gitlab --field note:Note:textarea:optional",
                    "  flow-db human request 7 --prompt 'Which DB?' --fields '[{\"id\": \"db\", \"label\": \"Database\", \"type\": \"select\", "
                            + "\"options\": [{\"value\": \"pg\", \"label\": \"PostgreSQL\"}]}]'"})
    static final class Request implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID")
        long id;
        @Option(names = "--prompt", required = true)
        String prompt;
        @Option(names = "--field", paramLabel = "ID:LABEL[:TYPE[:OPTIONS|optional]]",
                description = "A field the answer must give; TYPE text (default), textarea, select (OPTIONS comma-separated, each its own value and label) or boolean; 'optional' makes it optional.")
        List<String> fields = new ArrayList<>();
        @Option(names = "--fields", paramLabel = "JSON",
                description = "The fields as the MCP tool takes them: a JSON array of objects (id, label, type, required, placeholder, options of {value, label}, any other key), stored exactly as given.")
        String fieldsJson;
        @Option(names = "--fields-file", paramLabel = "FILE", description = "The same JSON array, read from a file.")
        Path fieldsFile;

        @Override
        public Integer call() {
            List<Object> raw = new ArrayList<>();
            if (fieldsJson != null) {
                raw.addAll(JsonInput.array(fieldsJson, "--fields"));
            }
            if (fieldsFile != null) {
                raw.addAll(JsonInput.array(JsonInput.read(fieldsFile), fieldsFile.toString()));
            }
            for (String spec : fields) {
                String[] parts = spec.split(":", 4);
                if (parts.length < 2) {
                    throw new FlowDbCli.BadInput("--field '" + spec + "' needs at least ID:LABEL");
                }
                String type = parts.length > 2 ? parts[2] : "text";
                String extra = parts.length > 3 ? parts[3] : "";
                boolean required = !extra.equals("optional");
                List<String> options = type.equals("select") && required && !extra.isEmpty() ? Arrays.asList(extra.split(",")) : List.of();
                raw.add(new HumanInputRequest.Field(parts[0], parts[1], type, required, options).attributes());
            }
            if (raw.isEmpty()) {
                throw new FlowDbCli.BadInput("give the form's fields with --field or --fields");
            }
            HumanInputRequest request = HumanInputRequest.of(prompt, raw);
            return FeatureCommands.withDb(common, db -> FeatureCommands.printFeature(common,
                    db.features(common.actor()).requestHumanInput(id, request), "Waiting for human input:"));
        }
    }

    @Command(name = "answer", mixinStandardHelpOptions = true, description = "Record a person's answer; the feature is pending again.",
            footer = {"", "Example:", "  flow-db human answer 7 provider=github note='use the org account'"})
    static final class Answer implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(index = "0", paramLabel = "ID")
        long id;
        @Parameters(index = "1..*", paramLabel = "FIELD=VALUE", arity = "0..*")
        List<String> answers = new ArrayList<>();
        @Option(names = "--answers", paramLabel = "JSON",
                description = "The answers as one JSON object (strings, booleans, lists of strings), as the original's board sends them.")
        String answersJson;

        @Override
        public Integer call() {
            Map<String, Object> values = new LinkedHashMap<>();
            if (answersJson != null) {
                if (!(JsonInput.parse(answersJson, "--answers") instanceof Map<?, ?> object)) {
                    throw new FlowDbCli.BadInput("--answers: a JSON object is required");
                }
                object.forEach((k, v) -> values.put(String.valueOf(k), v));
            }
            for (String a : answers) {
                int eq = a.indexOf('=');
                if (eq < 1) {
                    throw new FlowDbCli.BadInput("answer '" + a + "' is not FIELD=VALUE");
                }
                String value = a.substring(eq + 1);
                values.put(a.substring(0, eq), value.equals("true") ? Boolean.TRUE : value.equals("false") ? Boolean.FALSE : value);
            }
            return FeatureCommands.withDb(common, db -> FeatureCommands.printFeature(common,
                    db.features(common.actor()).answerHumanInput(id, values), "Answered:"));
        }
    }
}
