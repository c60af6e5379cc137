package com.example.shop;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a release publishes, checked on the jars this build made (so after {@code package}, hence an IT):
 * every library jar that {@code cobro-bom} lists carries its sources jar, its javadoc jar and an
 * {@code Automatic-Module-Name}; and every jar module of the repository is in the BOM, except the two that
 * nothing depends on (the CLI and this example). A BOM entry whose module another build adds is checked
 * once that module is built before this one.
 */
class ReleaseArtifactsIT {

    /** Jar modules a host never depends on: the runnable CLI, the bench it runs, and this example. */
    private static final List<String> NOT_LIBRARIES = List.of("cobro-cli", "cobro-bench", "cobro-host-example", "cobro-spring-boot-host-it");

    private static Path root;
    private static String version;
    /** artifactId (with ":tests" for a test-jar) -> the BOM's entry. */
    private static final Map<String, String> bom = new LinkedHashMap<>();
    /** artifactId -> module directory, for every jar-packaged module of the repository. */
    private static final Map<String, Path> jarModules = new LinkedHashMap<>();

    @BeforeAll
    static void readTheBomAndTheModules() throws Exception {
        version = System.getProperty("cobro.version");
        assertThat(version).as("cobro.version, set by the build").isNotBlank();
        root = repositoryRoot();
        Document bomPom = parse(root.resolve("bootstrap/bom/pom.xml"));
        NodeList dependencies = bomPom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            assertThat(text(d, "groupId")).isEqualTo("dev.cobro");
            assertThat(text(d, "version")).isEqualTo("${project.version}");
            String artifact = text(d, "artifactId");
            bom.put("test-jar".equals(text(d, "type")) ? artifact + ":tests" : artifact, artifact);
        }
        assertThat(text(bomPom.getDocumentElement(), "version")).as("the BOM's own version").isEqualTo(version);
        try (Stream<Path> poms = Files.walk(root)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !p.toString().contains("target")).toList()) {
                Element project = parse(pom).getDocumentElement();
                String packaging = text(project, "packaging");
                if (packaging == null || packaging.equals("jar")) {
                    jarModules.put(text(project, "artifactId"), pom.getParent());
                }
            }
        }
        assertThat(jarModules).as("jar modules found").containsKeys("cobro-domain", "cobro-bootstrap");
    }

    @Test
    void theBomListsEveryLibraryJarOfTheRepository() {
        List<String> libraries = jarModules.keySet().stream().filter(a -> !NOT_LIBRARIES.contains(a))
                .toList();
        assertThat(bom).containsKeys(libraries.toArray(String[]::new))
                .containsKeys("cobro-spring-boot-autoconfigure", "cobro-spring-boot-starter", "cobro-db:tests");
        assertThat(bom).doesNotContainKeys(NOT_LIBRARIES.toArray(String[]::new));
    }

    @Test
    void everyLibraryJarHasItsSourcesItsJavadocAndAnAutomaticModuleName() throws IOException {
        List<String> checked = new ArrayList<>();
        for (String entry : bom.keySet()) {
            boolean tests = entry.endsWith(":tests");
            String artifact = bom.get(entry);
            Path module = jarModules.get(artifact);
            if (module == null || !Files.isDirectory(module.resolve("target"))) {
                continue;                    // a module of another branch, or not built before this one
            }
            String base = artifact + "-" + version + (tests ? "-tests" : "");
            Path jar = module.resolve("target").resolve(base + ".jar");
            assertThat(jar).as("%s (run the build through package)", jar).isRegularFile();
            String moduleName = "dev." + artifact.replace('-', '.') + (tests ? ".testing" : "");
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as("Automatic-Module-Name of %s", jar.getFileName()).isEqualTo(moduleName);
            }
            String sources = artifact + "-" + version + (tests ? "-test-sources.jar" : "-sources.jar");
            String javadoc = artifact + "-" + version + (tests ? "-test-javadoc.jar" : "-javadoc.jar");
            if (tests || Files.isDirectory(module.resolve("src/main/java"))) {
                assertThat(entries(module.resolve("target").resolve(sources))).as(sources)
                        .anyMatch(name -> name.endsWith(".java"));
                assertThat(entries(module.resolve("target").resolve(javadoc))).as(javadoc)
                        .contains("index.html");
            } else {
                // A module without code (the starter) still ships both, saying where the code is.
                assertThat(entries(module.resolve("target").resolve(sources))).as(sources).contains("README.txt");
                assertThat(entries(module.resolve("target").resolve(javadoc))).as(javadoc).contains("README.txt");
            }
            checked.add(entry);
        }
        assertThat(checked).as("library jars checked").contains("cobro-domain", "cobro-application", "cobro-db",
                "cobro-db:tests", "cobro-adapters-http", "cobro-adapters-persistence", "cobro-bootstrap", "cobro-testkit",
                "cobro-spring-boot-autoconfigure", "cobro-spring-boot-starter");
    }

    private static List<String> entries(Path jar) throws IOException {
        assertThat(jar).isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName()).toList();
        }
    }

    /** The text of {@code element}'s direct child {@code name}, or null. */
    private static String text(Element element, String name) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static Path repositoryRoot() {
        Path here = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("bootstrap"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root above " + here);
    }
}
