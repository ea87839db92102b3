package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What Maven Central asks of every published artifact, checked on this build's output: POM
 * metadata (name, description, URL, licence, SCM, developers), a sources jar and a javadoc jar
 * beside each library jar, a BOM on the same version listing every published module, and the
 * licence file. (The release profile adds signatures only: {@code mvn -Prelease -Dgpg.skip package}.)
 */
class PublishedLayoutTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> PUBLISHED = List.of("flow-db-schema", "flow-db-dao", "flow-db-mcp", "flow-db-serve", "flow-db-cli");

    static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the first {@code path} element (slash-separated) directly under the project element. */
    static String text(Document pom, String path) {
        Element at = pom.getDocumentElement();
        for (String step : path.split("/")) {
            Element next = null;
            NodeList children = at.getChildNodes();
            for (int i = 0; i < children.getLength() && next == null; i++) {
                if (children.item(i) instanceof Element e && e.getTagName().equals(step)) {
                    next = e;
                }
            }
            if (next == null) {
                return null;
            }
            at = next;
        }
        return at.getTextContent().trim();
    }

    static void hasCentralMetadata(Document pom, String what) {
        assertThat(text(pom, "url")).as(what + " url").startsWith("https://");
        assertThat(text(pom, "licenses/license/name")).as(what + " licence").isEqualTo("Apache-2.0");
        assertThat(text(pom, "licenses/license/url")).as(what + " licence url").isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
        assertThat(text(pom, "scm/url")).as(what + " scm").startsWith("https://");
        assertThat(text(pom, "scm/connection")).as(what + " scm connection").startsWith("scm:git:");
        assertThat(text(pom, "developers/developer/name")).as(what + " developers").isNotBlank();
        assertThat(text(pom, "properties/project.build.outputTimestamp")).as(what + " reproducible build timestamp").isNotBlank();
    }

    @Test
    void theParentCarriesWhatCentralAsksAndTheLicenceIsThere() throws Exception {
        hasCentralMetadata(pom(ROOT.resolve("pom.xml")), "parent");
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        assertThat(ROOT.resolve("CHANGELOG.md")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flow-db-schema", "flow-db-dao", "flow-db-mcp", "flow-db-serve", "flow-db-cli"})
    void everyPublishedModuleHasItsJarSourcesAndJavadoc(String module) throws Exception {
        Document pom = pom(ROOT.resolve(module).resolve("pom.xml"));
        assertThat(text(pom, "name")).as(module + " name").isNotBlank();
        assertThat(text(pom, "description")).as(module + " description").isNotBlank();
        Path target = ROOT.resolve(module).resolve("target");
        assertThat(target).as("build from the root (mvn verify): " + module + " is packaged before these tests").isDirectory();
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        Path sources = only(jars, "-sources.jar", module);
        Path javadoc = only(jars, "-javadoc.jar", module);
        assertThat(entries(sources)).as(module + " sources").anyMatch(e -> e.endsWith(".java"));
        assertThat(entries(javadoc)).as(module + " javadoc").contains("index.html");
        assertThat(jars).as(module + " main jar").anyMatch(p -> !p.toString().endsWith("-sources.jar") && !p.toString().endsWith("-javadoc.jar")
                && !p.toString().endsWith("-tests.jar"));
    }

    @Test
    void theBomIsOnTheBuildsVersionAndListsEveryPublishedModule() throws Exception {
        Document bom = pom(ROOT.resolve("flow-db-bom").resolve("pom.xml"));
        Document parent = pom(ROOT.resolve("pom.xml"));
        assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
        assertThat(text(bom, "packaging")).isEqualTo("pom");
        hasCentralMetadata(bom, "bom");
        NodeList managed = bom.getElementsByTagName("artifactId");
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < managed.getLength(); i++) {
            if (((Element) managed.item(i).getParentNode()).getTagName().equals("dependency")) {
                listed.add(managed.item(i).getTextContent().trim());
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(PUBLISHED);
    }

    private static Path only(List<Path> jars, String suffix, String module) {
        List<Path> found = jars.stream().filter(p -> p.toString().endsWith(suffix)).toList();
        assertThat(found).as(module + " " + suffix).hasSize(1);
        return found.get(0);
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }
}
