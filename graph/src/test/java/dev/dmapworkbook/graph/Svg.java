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
