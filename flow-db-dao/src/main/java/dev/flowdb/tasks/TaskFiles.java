package dev.flowdb.tasks;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.flowdb.DatabaseAccessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a Claude Code task list folder: task JSON read with jackson-jr and written in
 * Claude Code's own layout ({@code JSON.stringify(value, null, 2)} and a final newline, by a small
 * printer here: byte-identical files are what keep a round trip from rewriting every file),
 * atomic replacement (temporary file + rename in the same folder), the {@code .highwatermark},
 * and the {@code .lock} protocol of {@code proper-lockfile} (a {@code .lock.lock} folder, stale
 * after 10 s).
 */
final class TaskFiles implements AutoCloseable {

    /** A lock older than this is considered abandoned, as {@code proper-lockfile} does. */
    static final Duration STALE_LOCK = Duration.ofSeconds(10);

    /** How long an export or import waits for another program's lock on the list. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);


    private final Path dir;
    private final Path lock;

    private TaskFiles(Path dir, Path lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * Creates the folder if needed and takes its lock, waiting up to {@code wait}.
     *
     * @throws DatabaseAccessException if the folder cannot be created or the lock stays taken
     */
    public static TaskFiles lock(Path dir, Duration wait) {
        try {
            Files.createDirectories(dir);
            Path lockTarget = dir.resolve(".lock");
            if (!Files.exists(lockTarget)) {
                Files.writeString(lockTarget, "");
            }
            Path lockDir = dir.resolve(".lock.lock");
            Instant deadline = Instant.now().plus(wait);
            while (true) {
                try {
                    Files.createDirectory(lockDir);
                    return new TaskFiles(dir, lockDir);
                } catch (FileAlreadyExistsException taken) {
                    FileTime since = Files.getLastModifiedTime(lockDir);
                    if (since.toInstant().plus(STALE_LOCK).isBefore(Instant.now())) {
                        Files.deleteIfExists(lockDir);
                        continue;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new DatabaseAccessException("the task list " + dir + " stays locked by another program (" + lockDir + ")");
                    }
                    Thread.onSpinWait();
                    Thread.sleep(20);
                }
            }
        } catch (IOException e) {
            throw new DatabaseAccessException("cannot use the task list folder " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseAccessException("interrupted while waiting for the lock of " + dir, e);
        }
    }

    /** @return the task files ({@code <id>.json}), in name order */
    public List<Path> taskFiles() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            files.forEach(out::add);
        } catch (IOException e) {
            throw new DatabaseAccessException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.removeIf(p -> p.getFileName().toString().startsWith("."));
        out.sort(null);
        return out;
    }

    /**
     * @return the file's top-level JSON object
     * @throws IllegalArgumentException if it is not a JSON object
     */
    public static Map<String, Object> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Object value;
        try {
            value = JSON.std.anyFrom(text);
        } catch (IOException malformed) {
            throw new IllegalArgumentException("invalid JSON: " + malformed.getMessage().lines().findFirst().orElse(""), malformed);
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    /** Writes {@code value} as pretty JSON, atomically: readers see the old file or the new one, never a part. */
    public void write(String fileName, Object value) {
        try {
            writeAtomically(dir.resolve(fileName), pretty(value));
        } catch (IOException e) {
            throw new DatabaseAccessException("cannot write " + dir.resolve(fileName) + ": " + e.getMessage(), e);
        }
    }

    /** @return the file's current text, or {@code null} if it does not exist */
    public String text(String fileName) {
        try {
            Path file = dir.resolve(fileName);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new DatabaseAccessException("cannot read " + dir.resolve(fileName) + ": " + e.getMessage(), e);
        }
    }

    /** @return whether writing {@code value} would change the file */
    public boolean differs(String fileName, Object value) {
        return !pretty(value).equals(text(fileName));
    }

    /** @return the {@code .highwatermark}, 0 if absent or unreadable */
    public long highWatermark() {
        String text = text(".highwatermark");
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    /** Raises the {@code .highwatermark} to at least {@code value} (it never goes down). */
    public long raiseHighWatermark(long value) {
        long current = highWatermark();
        if (value > current) {
            try {
                writeAtomically(dir.resolve(".highwatermark"), String.valueOf(value));
            } catch (IOException e) {
                throw new DatabaseAccessException("cannot write " + dir.resolve(".highwatermark") + ": " + e.getMessage(), e);
            }
            return value;
        }
        return current;
    }

    /** JSON as Claude Code writes its task files ({@code JSON.stringify(value, null, 2)}), with a final newline. */
    static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        pretty(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void pretty(StringBuilder sb, Object value, String indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(indent).append("  ");
                dev.flowdb.schema.Json.quote(sb, String.valueOf(e.getKey())).append(": ");
                pretty(sb, e.getValue(), indent + "  ");
                sb.append(++i < map.size() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            sb.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                sb.append(indent).append("  ");
                pretty(sb, list.get(i), indent + "  ");
                sb.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else {
            dev.flowdb.schema.Json.write(sb, value);
        }
    }

    private void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(lock);
        } catch (IOException e) {
            throw new DatabaseAccessException("cannot release the lock " + lock + ": " + e.getMessage(), e);
        }
    }
}
