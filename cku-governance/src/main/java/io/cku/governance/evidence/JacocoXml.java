package io.cku.governance.evidence;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.cku.shared.InvalidRequest;

/**
 * Reads the report-level counters of a JaCoCo XML report with the JDK's StAX parser.
 *
 * <p>JaCoCo reports open with {@code <!DOCTYPE report ... "report.dtd">}. DTD support is switched off, so the
 * DOCTYPE is tolerated but never fetched and no entity it declares exists: a reference to one in content is refused
 * as undeclared (and one in an attribute of a report with an external DTD reads as empty), so no external entity
 * (XXE) is read and no entity expansion (billion laughs) happens.
 */
final class JacocoXml {

    private static final String NOT_JACOCO = "not a JaCoCo XML report: ";

    private JacocoXml() {
    }

    /** The report's own LINE, BRANCH and INSTRUCTION counters; refuses anything but a well-formed JaCoCo report. */
    static JacocoCounters parse(byte[] xml, String field) {
        try {
            XMLStreamReader reader = safeFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                return read(reader, field);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw InvalidRequest.of(field, NOT_JACOCO + "malformed XML " + describe(e));
        }
    }

    // A new factory per report: the JDK does not promise that a shared XMLInputFactory is thread-safe.
    private static XMLInputFactory safeFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private static JacocoCounters read(XMLStreamReader reader, String field) throws XMLStreamException {
        requireReportRoot(reader, field);
        Map<String, long[]> counters = reportCounters(reader, field);

        long[] line = counters.get("LINE");
        if (line == null) {
            throw InvalidRequest.of(field, "JaCoCo report without coverage: the <report> has no LINE counter, "
                    + "so it covers no classes; run the tests with the JaCoCo agent before the report goal");
        }
        long[] branch = counters.getOrDefault("BRANCH", new long[2]);
        long[] instruction = counters.getOrDefault("INSTRUCTION", new long[2]);
        return new JacocoCounters(1, line[0], line[1], branch[0], branch[1], instruction[0], instruction[1]);
    }

    private static void requireReportRoot(XMLStreamReader reader, String field) throws XMLStreamException {
        while (reader.hasNext() && reader.next() != XMLStreamConstants.START_ELEMENT) {
            // skip the prolog: declaration, DOCTYPE, comments
        }
        if (!reader.isStartElement() || !"report".equals(reader.getLocalName())) {
            String found = reader.isStartElement() ? " (the document is <" + reader.getLocalName() + ">)" : "";
            throw InvalidRequest.of(field, NOT_JACOCO + "no <report> element" + found);
        }
    }

    /** Covered and missed, by counter type, of the counters directly under {@code <report>}; reads to the end. */
    private static Map<String, long[]> reportCounters(XMLStreamReader reader, String field) throws XMLStreamException {
        Map<String, long[]> counters = new HashMap<>();
        int depth = 1;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT && ++depth == 2 && "counter".equals(reader.getLocalName())) {
                String type = String.valueOf(reader.getAttributeValue(null, "type"));
                counters.put(type, new long[] {count(reader, type, "covered", field), count(reader, type, "missed", field)});
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return counters;
    }

    private static long count(XMLStreamReader reader, String type, String attribute, String field) {
        String value = reader.getAttributeValue(null, attribute);
        try {
            long count = Long.parseLong(String.valueOf(value));
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw InvalidRequest.of(field, NOT_JACOCO + "<counter type=\"" + type + "\"> has " + attribute + "=\"" + value
                + "\"; expected a whole number of zero or more");
    }

    private static String describe(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int reasonAt = message.indexOf("Message: ");
        String reason = reasonAt < 0 ? message : message.substring(reasonAt + "Message: ".length());
        if (reason.contains("was referenced, but not declared")) {
            reason += " (DTDs are not processed, so only the five predefined XML entities may be used)";
        }

        Location where = e.getLocation();
        return where == null ? "(" + reason + ")"
                : "at line " + where.getLineNumber() + ", column " + where.getColumnNumber() + ": " + reason;
    }
}
