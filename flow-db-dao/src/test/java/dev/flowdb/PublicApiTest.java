package dev.flowdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.schema.jooq.Tables;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API contract made visible: every public signature of {@code dev.flowdb} and of the
 * generated {@code dev.flowdb.schema.jooq} classes (which downstream queries compile against) is
 * written out in a fixed, JDK-independent form and compared with the committed snapshot
 * {@code api/flow-db.api}. Any difference fails the build until the snapshot is updated on
 * purpose (and the change noted in CHANGELOG.md, as semantic versioning asks).
 */
class PublicApiTest {

    static final Path SNAPSHOT = Path.of("..", "api", "flow-db.api");
    static final String UPDATE = "flowdb.api.update";

    @Test
    void thePublicApiIsExactlyTheCommittedSnapshot() throws Exception {
        String current = render();
        Path written = Path.of("target", "flow-db.api");
        Files.createDirectories(written.getParent());
        Files.writeString(written, current, StandardCharsets.UTF_8);
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(SNAPSHOT, current, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(SNAPSHOT) ? Files.readString(SNAPSHOT, StandardCharsets.UTF_8) : "";
        if (!committed.equals(current)) {
            Set<String> before = qualified(committed);
            Set<String> after = qualified(current);
            List<String> diff = new ArrayList<>();
            before.stream().filter(l -> !after.contains(l)).limit(40).forEach(l -> diff.add("- " + l));
            after.stream().filter(l -> !before.contains(l)).limit(40).forEach(l -> diff.add("+ " + l));
            throw new AssertionError("The public API differs from the committed snapshot " + SNAPSHOT.normalize() + ":\n"
                    + String.join("\n", diff) + "\n\nIf the change is intended: run\n"
                    + "    mvn -q -pl flow-db-schema,flow-db-dao install -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE + "=true\n"
                    + "commit api/flow-db.api with it, and describe the change in CHANGELOG.md (a removal or an incompatible "
                    + "change needs a new major version, or @Beta on what changed). If it is not intended, undo it.");
        }
        assertThat(current).contains("class dev.flowdb.Database", "field public final org.jooq.TableField<dev.flowdb.schema.jooq.tables.records.FeaturesRecord, java.lang.Long> ID");
    }

    /** Each line of a snapshot, members prefixed with their type, so a difference says where it is. */
    private static Set<String> qualified(String snapshot) {
        Set<String> out = new LinkedHashSet<>();
        String type = "";
        for (String line : snapshot.lines().toList()) {
            if (!line.startsWith(" ")) {
                type = line.substring(line.lastIndexOf(' ', line.indexOf(" extends ") > 0 ? line.indexOf(" extends ") - 1 : line.length() - 1) + 1)
                        .split(" ")[0];
                out.add(line);
            } else {
                out.add(type + ":" + line.substring(1));
            }
        }
        return out;
    }

    /** Every public type of the API packages, one block per type, sorted. */
    static String render() throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> classNames = new ArrayList<>();
        classNames.addAll(classesUnder(Database.class, "dev/flowdb/"));
        classNames.addAll(classesUnder(Tables.class, "dev/flowdb/schema/"));
        StringBuilder out = new StringBuilder();
        for (String name : new TreeSet<>(classNames)) {
            Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
            if (!isVisible(c)) {
                continue;
            }
            out.append(header(c)).append('\n');
            Set<String> members = new TreeSet<>();
            for (Field f : c.getDeclaredFields()) {
                if (exposed(f.getModifiers()) && !f.isSynthetic()) {
                    members.add(("  field " + annotations(f.getAnnotations()) + Modifier.toString(f.getModifiers()) + " " + type(f.getGenericType()) + " " + f.getName())
                            .replaceAll("(?<=\\S) +", " "));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (exposed(k.getModifiers()) && !k.isSynthetic()) {
                    members.add("  constructor " + executable(k, null));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    members.add("  method " + executable(m, m));
                }
            }
            members.forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    private static List<String> classesUnder(Class<?> anchor, String prefix) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(root)) {
            return names(root, root.resolve(prefix));
        }
        try (FileSystem jar = FileSystems.newFileSystem(root)) {
            Path top = jar.getPath("/");
            return names(top, top.resolve(prefix));
        }
    }

    private static List<String> names(Path root, Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".class") && !p.endsWith("package-info.class") && !p.endsWith("module-info.class"))
                    .filter(p -> !p.contains("/internal/"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toList());
        }
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic() || !exposed(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String header(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : c.isRecord() ? "record" : "class";
        int mods = c.getModifiers() & (c.isInterface() ? Modifier.interfaceModifiers() : Modifier.classModifiers());
        if (c.isInterface()) {
            mods &= ~Modifier.ABSTRACT;
        }
        StringBuilder sb = new StringBuilder(annotations(c.getAnnotations())).append(Modifier.toString(mods));
        if (c.isSealed()) {
            sb.append(" sealed");
        }
        sb.append(' ').append(kind).append(' ').append(name(c)).append(typeParameters(c.getTypeParameters()));
        Type superclass = c.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !c.isEnum() && !c.isRecord()) {
            sb.append(" extends ").append(type(superclass));
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            sb.append(c.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(PublicApiTest::type).collect(Collectors.joining(", ")));
        }
        return sb.toString().replace("  ", " ").trim();
    }

    private static String executable(Executable e, Method m) {
        StringBuilder sb = new StringBuilder(annotations(e.getAnnotations()));
        int mods = e.getModifiers() & (m == null ? Modifier.constructorModifiers() : Modifier.methodModifiers());
        if (m != null && m.getDeclaringClass().isInterface()) {
            mods &= ~Modifier.ABSTRACT & ~Modifier.PUBLIC;
        }
        sb.append(Modifier.toString(mods));
        if (m != null && m.isDefault()) {
            sb.append(" default");
        }
        String params = typeParameters(e.getTypeParameters());
        if (!params.isEmpty()) {
            sb.append(' ').append(params);
        }
        if (m != null) {
            sb.append(' ').append(type(m.getGenericReturnType()));
        }
        sb.append(' ').append(m == null ? name(e.getDeclaringClass()) : m.getName()).append('(')
                .append(Arrays.stream(e.getGenericParameterTypes()).map(PublicApiTest::type).collect(Collectors.joining(", ")));
        if (e.isVarArgs()) {
            sb.setLength(sb.length() - 2);
            sb.append("...");
        }
        sb.append(')');
        Type[] thrown = e.getGenericExceptionTypes();
        if (thrown.length > 0) {
            sb.append(" throws ").append(Arrays.stream(thrown).map(PublicApiTest::type).collect(Collectors.joining(", ")));
        }
        return sb.toString().replaceAll(" +", " ").trim();
    }

    private static String annotations(java.lang.annotation.Annotation[] annotations) {
        StringBuilder sb = new StringBuilder();
        for (java.lang.annotation.Annotation a : annotations) {
            if (a.annotationType() == Beta.class || a.annotationType() == Deprecated.class) {
                sb.append('@').append(a.annotationType().getSimpleName()).append(' ');
            }
        }
        return sb.toString();
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).map(PublicApiTest::type).toList();
            return v.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds));
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    /** A type as source code spells it, the same on every JDK. */
    static String type(Type t) {
        if (t instanceof Class<?> c) {
            return c.isArray() ? type(c.getComponentType()) + "[]" : name(c);
        }
        if (t instanceof ParameterizedType p) {
            return type(p.getRawType()) + Arrays.stream(p.getActualTypeArguments()).map(PublicApiTest::type).collect(Collectors.joining(", ", "<", ">"));
        }
        if (t instanceof TypeVariable<?> v) {
            return v.getName();
        }
        if (t instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + type(w.getLowerBounds()[0]);
            }
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + type(upper[0]);
        }
        if (t instanceof GenericArrayType g) {
            return type(g.getGenericComponentType()) + "[]";
        }
        return t.getTypeName();
    }

    private static String name(Class<?> c) {
        return c.getName().replace('$', '.');
    }
}
