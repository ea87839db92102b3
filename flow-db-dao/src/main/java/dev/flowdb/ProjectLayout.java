package dev.flowdb;

import dev.flowdb.internal.store.Validation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Finds a project's {@code features.db} the way the originals do.
 *
 * <pre>{@code
 * try (Database db = Database.open(ProjectLayout.locate(Path.of(".")))) { … }
 * }</pre>
 */
public final class ProjectLayout {

    /** The file name every original uses. */
    public static final String FILE_NAME = "features.db";

    /** Folders searched, in order: the current layout, the layout of early February 2026, the project root. */
    public static final List<String> SEARCH_ORDER = List.of(".autoforge", ".autocoder", "");

    private ProjectLayout() {
    }

    /**
     * Finds the database file of a project folder.
     *
     * @param projectDir the project folder
     * @return the first existing of {@code .autoforge/features.db}, {@code .autocoder/features.db},
     *         {@code features.db}; if none exists, {@code .autoforge/features.db} (where a new one belongs)
     */
    public static Path locate(Path projectDir) {
        Validation.notNull("projectDir", projectDir);
        for (String folder : SEARCH_ORDER) {
            Path candidate = folder.isEmpty() ? projectDir.resolve(FILE_NAME) : projectDir.resolve(folder).resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return projectDir.resolve(SEARCH_ORDER.get(0)).resolve(FILE_NAME);
    }
}
