package dev.flowdb.internal.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells whether a path lives on a network file system, where SQLite's WAL mode is unsafe
 * (its shared-memory index does not work across hosts). Same rule as the Python original:
 * Windows UNC paths, and on Linux the {@code /proc/mounts} types nfs, nfs4, cifs, smbfs and
 * fuse.sshfs (plus smb3).
 */
final class NetworkFileSystems {

    private static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs");

    private NetworkFileSystems() {
    }

    static boolean isNetworkPath(Path path) {
        String text = path.toString();
        if (text.startsWith("\\\\") || text.startsWith("//")) {
            return true;
        }
        Path mounts = Path.of("/proc/mounts");
        if (!Files.isReadable(mounts)) {
            return false;
        }
        try {
            return isNetworkPath(path, Files.readAllLines(mounts));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** Finds the longest mount point containing {@code path} and checks its type. */
    static boolean isNetworkPath(Path path, List<String> mountLines) {
        String best = "";
        String bestType = "";
        String target = path.toAbsolutePath().normalize().toString();
        for (String line : mountLines) {
            String[] parts = line.split(" ");
            if (parts.length < 3) {
                continue;
            }
            String mountPoint = parts[1].replace("\\040", " ");
            boolean contains = target.equals(mountPoint) || mountPoint.equals("/")
                    || target.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/");
            if (contains && mountPoint.length() >= best.length()) {
                best = mountPoint;
                bestType = parts[2].toLowerCase(Locale.ROOT);
            }
        }
        return NETWORK_TYPES.contains(bestType);
    }
}
