package dev.flowdb.cli;

import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.NewFeature;
import dev.flowdb.ValidationException;
import dev.flowdb.internal.store.BulkRules;
import dev.flowdb.schema.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import} and {@code export}: the autocoder's feature_list.json and the bulk-create JSON. */
final class ImportExport {

    /** The keys of a feature_list.json item, in the feature JSON's order. */
    static final java.util.Set<String> EXPORT_KEYS = java.util.Set.of("id", "priority", "category", "name", "description", "steps",
            "passes", "dependencies");

    /** Items per transaction step of a large import (all steps share one transaction). */
    static final int CHUNK = 500;

    private ImportExport() {
    }

    /** An item to create, and whether the file says it already passes. */
    record Item(NewFeature feature, boolean passes) {
    }

    /** The file's JSON value (jackson-jr); a parse error names the file, line and column. */
    static Object readJson(Path file) {
        return JsonInput.parse(JsonInput.read(file), file.toString());
    }

    /** A file of one feature object, a list of them, or {"features": [...]}, in the bulk-create shape. */
    static List<NewFeature> readBulk(Path file) {
        return parse(readJson(file), "bulk", file).stream().map(Item::feature).toList();
    }

    private static List<?> itemsOf(Object json, Path file) {
        if (json instanceof Map<?, ?> map && map.get("features") instanceof List<?> list) {
            return list;
        }
        if (json instanceof Map<?, ?> single) {
            return List.of(single);
        }
        if (json instanceof List<?> list) {
            return list;
        }
        throw new FlowDbCli.BadInput(file + ": expected a JSON object or a list of feature objects");
    }

    /**
     * Parses either format. {@code bulk}: items with category, name, description, steps and
     * optional {@code depends_on_indices} (0-based, into the file). {@code autocoder}: the
     * original's feature_list.json, whose items may lack fields (defaults of REFERENCE §2) and
     * give {@code dependencies} as item ids.
     */
    static List<Item> parse(Object json, String format, Path file) {
        List<?> raw = itemsOf(json, file);
        boolean autocoder = format.equals("autocoder") || format.equals("auto") && raw.stream().anyMatch(o -> o instanceof Map<?, ?> m
                && !m.containsKey("depends_on_indices") && (m.containsKey("passes") || m.containsKey("dependencies") || !m.containsKey("name")));
        Map<Long, Integer> positionOfId = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map<?, ?> m)) {
                throw new FlowDbCli.BadInput("item " + i + " of " + file + " is not a JSON object");
            }
            if (autocoder) {
                positionOfId.put(m.get("id") instanceof Number n ? n.longValue() : (long) (i + 1), i);
            }
        }
        List<Item> items = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Map<?, ?> m = (Map<?, ?>) raw.get(i);
            String category = text(m, "category", autocoder ? "uncategorized" : null, i);
            String name = text(m, "name", autocoder ? "Feature " + (i + 1) : null, i);
            String description = text(m, "description", null, i);
            List<String> steps = new ArrayList<>();
            if (m.get("steps") instanceof List<?> list) {
                list.forEach(s -> steps.add(s instanceof String str ? str : Json.write(s)));
            } else if (m.get("steps") != null) {
                throw new FlowDbCli.BadInput("item " + i + ": steps must be a list of strings");
            }
            Long priority = m.get("priority") instanceof Number n ? Long.valueOf(n.longValue()) : autocoder ? Long.valueOf(i + 1) : null;
            NewFeature f = new NewFeature(category, name, description, steps, priority, List.of());
            if (autocoder) {
                if (m.get("dependencies") instanceof List<?> deps) {
                    for (Object d : deps) {
                        Integer at = d instanceof Number n && n.doubleValue() == n.longValue() ? positionOfId.get(n.longValue()) : null;
                        if (at == null) {
                            throw new FlowDbCli.BadInput("item " + i + " depends on " + d + ", which is no item id of the file");
                        }
                        f = f.dependsOn(DependencyRef.index(at));
                    }
                }
            } else if (m.get("depends_on_indices") instanceof List<?> indices) {
                try {
                    f = f.dependsOn(BulkRules.indexRefs(i, indices, raw.size(), true).toArray(DependencyRef[]::new));
                } catch (InvalidDependencyException refused) {
                    throw new FlowDbCli.BadInput(refused.getMessage());
                }
            }
            items.add(new Item(f, Boolean.TRUE.equals(m.get("passes"))));
        }
        return items;
    }

    private static String text(Map<?, ?> m, String key, String fallback, int i) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new FlowDbCli.BadInput("item " + i + ": " + key + " must be a string");
        }
        return s;
    }

    /**
     * Creates all items in one transaction. Large files are created in steps (each step's
     * backward index references become id references) so progress can be shown; a file with
     * forward references is created in one step.
     */
    static List<Feature> create(Database db, Common common, List<Item> items, PrintWriter progress) {
        boolean forward = false;
        for (int i = 0; i < items.size(); i++) {
            for (DependencyRef ref : items.get(i).feature().dependencies()) {
                if (ref instanceof DependencyRef.Index index && index.index() / CHUNK > i / CHUNK) {
                    forward = true;
                }
            }
        }
        boolean chunked = !forward && items.size() > CHUNK;
        return db.write(common.actor(), tx -> {
            FeatureStore store = tx.features();
            List<Feature> created = new ArrayList<>(items.size());
            int step = chunked ? CHUNK : Math.max(1, items.size());
            for (int start = 0; start < items.size(); start += step) {
                int end = Math.min(items.size(), start + step);
                List<NewFeature> part = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    NewFeature f = items.get(i).feature();
                    List<DependencyRef> refs = new ArrayList<>();
                    for (DependencyRef ref : f.dependencies()) {
                        refs.add(ref instanceof DependencyRef.Index index && index.index() < start
                                ? DependencyRef.id(created.get(index.index()).id())
                                : ref instanceof DependencyRef.Index index ? DependencyRef.index(index.index() - start) : ref);
                    }
                    part.add(new NewFeature(f.category(), f.name(), f.description(), f.steps(), f.priority(), refs));
                }
                try {
                    created.addAll(store.createBulk(part));
                } catch (ValidationException | InvalidDependencyException e) {
                    throw start == 0 ? e : new FlowDbCli.BadInput(shift(e.getMessage(), start), e);
                }
                if (progress != null) {
                    bar(progress, end, items.size());
                }
            }
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).passes()) {
                    created.set(i, store.markPassing(created.get(i).id()));
                }
            }
            return created;
        });
    }

    private static String shift(String message, int offset) {
        Matcher m = Pattern.compile("(index |features\\[)(\\d+)").matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, m.group(1) + (Integer.parseInt(m.group(2)) + offset));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void bar(PrintWriter out, int done, int total) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        out.print("\rimporting [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total);
        if (done == total) {
            out.println();
        }
        out.flush();
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Create features from the autocoder's feature_list.json, or from a bulk JSON file",
                    "(items with category, name, description, steps, depends_on_indices). All or nothing."})
    static final class Import implements Callable<Integer> {
        @Mixin
        Common common;
        @Parameters(paramLabel = "FILE", description = "The JSON file.")
        Path file;
        @Option(names = "--format", defaultValue = "auto", description = "auto, autocoder or bulk (default ${DEFAULT-VALUE}).")
        String format;
        @Option(names = "--progress", negatable = true, description = "Show a progress bar on standard error (default: when it is a terminal).")
        Boolean progress;

        @Override
        public Integer call() {
            if (!List.of("auto", "autocoder", "bulk").contains(format)) {
                throw new FlowDbCli.BadInput("--format must be auto, autocoder or bulk; got '" + format + "'");
            }
            List<Item> items = parse(readJson(file), format, file);
            boolean showProgress = progress != null ? progress : System.console() != null && !common.json;
            return FeatureCommands.withDb(common, db -> {
                List<Feature> created = create(db, common, items, showProgress ? common.err() : null);
                if (common.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("created", created.size());
                    m.put("with_dependencies", created.stream().filter(f -> !f.dependencies().isEmpty()).count());
                    m.put("passing", created.stream().filter(Feature::passes).count());
                    m.put("ids", created.stream().map(Feature::id).toList());
                    Render.json(common.out(), m);
                } else {
                    common.out().println("Imported " + created.size() + " features from " + file + ".");
                }
                return FlowDbCli.OK;
            });
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every feature as JSON in the autocoder's feature_list.json shape (import reads it back).")
    static final class Export implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = {"-o", "--output"}, description = "Write to this file instead of standard output.")
        Path output;

        @Override
        public Integer call() {
            return FeatureCommands.withDb(common, db -> {
                List<Map<String, Object>> items = new ArrayList<>();
                for (Feature f : db.features(common.actor()).getAll()) {
                    Map<String, Object> m = Render.feature(f);
                    m.keySet().retainAll(EXPORT_KEYS);
                    items.add(m);
                }
                String text = Json.write(items);
                if (output == null) {
                    common.out().println(text);
                } else {
                    try {
                        Files.writeString(output, text + "\n", StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new FlowDbCli.BadInput("cannot write " + output + ": " + e.getMessage(), e);
                    }
                    if (!common.json) {
                        common.out().println("Exported " + items.size() + " features to " + output + ".");
                    }
                }
                return FlowDbCli.OK;
            });
        }
    }
}
