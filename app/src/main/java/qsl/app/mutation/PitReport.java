package qsl.app.mutation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The per-class outcome of one PIT run, read from its {@code mutations.xml}
 * ({@code timestampedReports=false}, format {@code XML}). Nested classes count towards their
 * top-level class ({@code a.B$C} is {@code a.B}).
 *
 * <p>A mutant is <em>detected</em> when PIT's status is {@code KILLED}, {@code TIMED_OUT},
 * {@code MEMORY_ERROR} or {@code RUN_ERROR} (PIT's own "detected" set); {@code SURVIVED} and
 * {@code NO_COVERAGE} are not. The score of a class is detected / all mutants, in percent, as
 * PIT's report prints it.
 */
public final class PitReport {
    /** One surviving (or uncovered) mutant, for the list of equivalent mutants in the docs. */
    public record Survivor(String className, String method, int line, String mutator, String description, String status) {}

    /** Counts for one top-level class. */
    public static final class ClassScore {
        public int mutants;
        public int killed;
        public int timedOut;
        public int survived;
        public int noCoverage;
        public int otherDetected;

        public int detected() {
            return killed + timedOut + otherDetected;
        }

        public double scorePercent() {
            return mutants == 0 ? 100.0 : 100.0 * detected() / mutants;
        }
    }

    private final Map<String, ClassScore> classes;
    private final List<Survivor> survivors;

    private PitReport(Map<String, ClassScore> classes, List<Survivor> survivors) {
        this.classes = classes;
        this.survivors = survivors;
    }

    /** Classes by name (sorted), each with its counts. */
    public Map<String, ClassScore> classes() {
        return classes;
    }

    public List<Survivor> survivors() {
        return survivors;
    }

    public int mutants() {
        int n = 0;
        for (ClassScore c : classes.values()) n += c.mutants;
        return n;
    }

    public int detected() {
        int n = 0;
        for (ClassScore c : classes.values()) n += c.detected();
        return n;
    }

    public static PitReport read(Path mutationsXml) throws IOException {
        try (InputStream in = Files.newInputStream(mutationsXml)) {
            return read(in);
        }
    }

    public static PitReport read(InputStream in) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a PIT mutations.xml: " + e.getMessage(), e);
        }
        Map<String, ClassScore> classes = new TreeMap<>();
        List<Survivor> survivors = new ArrayList<>();
        NodeList list = doc.getElementsByTagName("mutation");
        for (int i = 0; i < list.getLength(); i++) {
            Element m = (Element) list.item(i);
            String status = m.getAttribute("status");
            String cls = text(m, "mutatedClass");
            int dollar = cls.indexOf('$');
            String top = dollar < 0 ? cls : cls.substring(0, dollar);
            ClassScore c = classes.computeIfAbsent(top, k -> new ClassScore());
            c.mutants++;
            switch (status) {
                case "KILLED" -> c.killed++;
                case "TIMED_OUT" -> c.timedOut++;
                case "SURVIVED" -> c.survived++;
                case "NO_COVERAGE" -> c.noCoverage++;
                case "MEMORY_ERROR", "RUN_ERROR" -> c.otherDetected++;
                default -> c.noCoverage++; // NON_VIABLE / NOT_STARTED / STARTED: not detected
            }
            if (status.equals("SURVIVED") || status.equals("NO_COVERAGE")) {
                String line = text(m, "lineNumber");
                survivors.add(new Survivor(cls, text(m, "mutatedMethod"), line.isEmpty() ? -1 : Integer.parseInt(line),
                        shortMutator(text(m, "mutator")), text(m, "description"), status));
            }
        }
        return new PitReport(classes, survivors);
    }

    private static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }

    private static String shortMutator(String fq) {
        int dot = fq.lastIndexOf('.');
        return dot < 0 ? fq : fq.substring(dot + 1);
    }
}
