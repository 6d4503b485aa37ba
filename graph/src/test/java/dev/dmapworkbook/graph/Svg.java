package dev.dmapworkbook.graph;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A rendered graph parsed back as XML, with the queries the golden tests ask. */
final class Svg {
    final Document doc;

    Svg(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("the graph is not well-formed XML: " + e.getMessage() + "\n" + svg, e);
        }
    }

    List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(xpath, e);
        }
    }

    /** The group of the state named {@code name}; fails unless there is exactly one. */
    Element state(String name) {
        List<Element> found = new ArrayList<>();
        for (Element e : all("//g[contains(@class,'sg-state')]")) {
            if (e.getAttribute("data-state").equals(name)) {
                found.add(e);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one state named '" + name + "', found " + found.size());
        }
        return found.get(0);
    }

    List<String> stateNames() {
        return all("//g[contains(@class,'sg-state')]").stream().map(e -> e.getAttribute("data-state")).toList();
    }

    /** "from -> to [KIND] label" for every arrow; Start and End markers print as (start) and (end). */
    List<String> edges() {
        return all("//g[contains(@class,'sg-edge')]").stream().map(e -> {
            String from = e.hasAttribute("data-from") ? e.getAttribute("data-from") : "(start)";
            String to = e.hasAttribute("data-to") ? e.getAttribute("data-to") : "(end)";
            List<Element> texts = children(e, "text");
            String label = texts.isEmpty() ? "" : " " + texts.get(0).getTextContent();
            return from + " -> " + to + " [" + e.getAttribute("data-kind") + "]" + label;
        }).toList();
    }

    /** The texts a state's box prints for itself (its name, type, notes), not those of nested states. */
    static List<String> ownTexts(Element state) {
        return children(state, "text").stream().map(Element::getTextContent).toList();
    }

    /** The names of the scopes around {@code state}, outermost first, each as "State/Scope title". */
    static List<String> nesting(Element state) {
        List<String> path = new ArrayList<>();
        for (org.w3c.dom.Node p = state.getParentNode(); p instanceof Element e; p = e.getParentNode()) {
            if (e.getAttribute("class").contains("sg-scope")) {
                Element owner = (Element) e.getParentNode();
                path.add(0, owner.getAttribute("data-state") + "/" + e.getAttribute("data-scope"));
            }
        }
        return path;
    }

    /** The root's viewBox: x, y, width, height. */
    double[] viewBox() {
        String[] v = doc.getDocumentElement().getAttribute("viewBox").trim().split("\\s+");
        return new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]), Double.parseDouble(v[3])};
    }

    /** A rect's x, y, width and height in the document's coordinates: its own plus every enclosing translate(). */
    double[] absoluteBox(Element rect) {
        double x = number(rect, "x");
        double y = number(rect, "y");
        for (org.w3c.dom.Node p = rect.getParentNode(); p instanceof Element e; p = e.getParentNode()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("translate\\(([-0-9.]+),([-0-9.]+)\\)")
                    .matcher(e.getAttribute("transform"));
            if (m.find()) {
                x += Double.parseDouble(m.group(1));
                y += Double.parseDouble(m.group(2));
            }
        }
        return new double[] {x, y, number(rect, "width"), number(rect, "height")};
    }

    /** What a rect belongs to, for a failure message: its group's state, arrow or legend entry. */
    String describe(Element rect) {
        Element group = (Element) rect.getParentNode();
        String label = children(group, "text").isEmpty() ? "" : " '" + children(group, "text").get(0).getTextContent() + "'";
        return "<rect class=\"" + rect.getAttribute("class") + "\"> in <g class=\"" + group.getAttribute("class") + "\""
                + (group.hasAttribute("data-state") ? " data-state=\"" + group.getAttribute("data-state") + "\"" : "")
                + (group.hasAttribute("data-from") ? " data-from=\"" + group.getAttribute("data-from") + "\"" : "") + ">" + label;
    }

    private static double number(Element e, String attribute) {
        return e.hasAttribute(attribute) ? Double.parseDouble(e.getAttribute(attribute)) : 0;
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }
}
