package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The publishing metadata stays whole as modules come and go: the BOM lists every module that is deployed
 * (and none that is not), at the parent's version; the parent carries licence and SCM; the Maven Wrapper is
 * there.
 */
class PublishedArtifactsTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void the_bom_lists_every_published_module_at_the_parents_version() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("bom/pom.xml"));
        String version = text(parent.getDocumentElement(), "version");
        assertEquals(version, text(bom.getDocumentElement(), "version"), "bom/pom.xml version");

        Set<String> published = new TreeSet<>();
        for (String module : children(parent.getDocumentElement(), "modules", "module")) {
            Path pom = ROOT.resolve(module).resolve("pom.xml");
            assertTrue(Files.exists(pom), "module " + module + " has no pom.xml");
            Element project = read(pom).getDocumentElement();
            String artifact = text(project, "artifactId");
            if (artifact.equals("tasker-bom") || "true".equals(property(project, "maven.deploy.skip"))) {
                continue;
            }
            published.add(artifact);
        }
        Set<String> listed = new TreeSet<>();
        Element management = child(bom.getDocumentElement(), "dependencyManagement");
        for (Element dependency : elements(child(management, "dependencies"), "dependency")) {
            assertEquals("dev.tasker", text(dependency, "groupId"));
            assertEquals("${project.version}", text(dependency, "version"), text(dependency, "artifactId"));
            listed.add(text(dependency, "artifactId"));
        }
        assertFalse(published.isEmpty());
        assertEquals(published, listed, "the BOM must list exactly the published modules");
    }

    @Test
    void the_parent_carries_licence_scm_and_reproducible_build_metadata() throws Exception {
        Element project = read(ROOT.resolve("pom.xml")).getDocumentElement();
        assertEquals("Apache-2.0", text(child(child(project, "licenses"), "license"), "name"));
        assertFalse(text(child(project, "scm"), "url").isBlank());
        assertTrue(property(project, "project.build.outputTimestamp").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertTrue(Files.isRegularFile(ROOT.resolve("LICENSE")));
        assertTrue(Files.isExecutable(ROOT.resolve("mvnw")));
        assertTrue(Files.readString(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"))
                .contains("distributionUrl="));
    }

    private static Document read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static String property(Element project, String name) {
        Element properties = child(project, "properties");
        if (properties == null) {
            return null;
        }
        Element value = child(properties, name);
        return value == null ? null : value.getTextContent().trim();
    }

    private static List<String> children(Element parent, String list, String item) {
        List<String> out = new ArrayList<>();
        for (Element e : elements(child(parent, list), item)) {
            out.add(e.getTextContent().trim());
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        assertTrue(e != null, () -> "<" + name + "> missing under <" + parent.getTagName() + ">");
        return e.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = elements(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
