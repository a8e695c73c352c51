package qsl.perf.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyPlotTest {

    @Test
    void xIsTheLogOfOneOverTheTail() {
        assertEquals(0.0, LatencyPlot.xOf(0.0, 1000), 1e-12);
        assertEquals(1.0, LatencyPlot.xOf(90.0, 1000), 1e-9);
        assertEquals(2.0, LatencyPlot.xOf(99.0, 1000), 1e-9);
        assertEquals(3.0, LatencyPlot.xOf(99.9, 1000), 1e-9);
        assertEquals(3.0, LatencyPlot.xOf(99.99, 1000), 1e-9, "never beyond the last of 1000 samples");
        assertEquals(3.0, LatencyPlot.xOf(100.0, 1000), 1e-9, "the max sits at the last sample");
        assertTrue(Double.isNaN(LatencyPlot.xOf(100.0, 0)));
    }

    @Test
    void labelsDecadesAsPercentiles() {
        assertEquals(List.of("0%", "90%", "99%", "99.9%", "99.99%"),
                List.of(LatencyPlot.percentileLabel(0), LatencyPlot.percentileLabel(1), LatencyPlot.percentileLabel(2),
                        LatencyPlot.percentileLabel(3), LatencyPlot.percentileLabel(4)));
    }

    @Test
    void niceCeilings() {
        assertEquals(1.0, LatencyPlot.niceCeiling(0));
        assertEquals(1000.0, LatencyPlot.niceCeiling(812));
        assertEquals(2000.0, LatencyPlot.niceCeiling(1001));
        assertEquals(5.0, LatencyPlot.niceCeiling(4.2));
    }

    @Test
    void axisLabelsAreShort() {
        assertEquals(List.of("0", "250", "1k", "20M", "1500", "0.500"),
                List.of(LatencyPlot.number(0), LatencyPlot.number(250), LatencyPlot.number(1000), LatencyPlot.number(2e7),
                        LatencyPlot.number(1500), LatencyPlot.number(0.5)));
    }

    @Test
    void aLongTailSwitchesTheLatencyAxisToLogScale() {
        List<LatencyPlot.Point> tight = List.of(new LatencyPlot.Point(0, 100), new LatencyPlot.Point(100, 900));
        List<LatencyPlot.Point> tailed = List.of(new LatencyPlot.Point(0, 100), new LatencyPlot.Point(99, 200), new LatencyPlot.Point(100, 2_000_000));
        assertTrue(LatencyPlot.svg("t", "ns", 100, tight).contains("latency (ns)<"), "linear axis for a tight distribution");
        String svg = LatencyPlot.svg("t", "ns", 100, tailed);
        assertTrue(svg.contains("latency (ns, log scale)"), svg);
        assertTrue(svg.contains(">100<") && svg.contains(">10M<"), "decade ticks from the smallest to above the largest value");
    }

    @Test
    void theSameInputDrawsTheSameSvg() {
        List<LatencyPlot.Point> pts = List.of(new LatencyPlot.Point(0, 100), new LatencyPlot.Point(50, 200),
                new LatencyPlot.Point(99, 900), new LatencyPlot.Point(100, 5000));
        String a = LatencyPlot.svg("t <&>", "ns", 1000, pts);
        assertEquals(a, LatencyPlot.svg("t <&>", "ns", 1000, pts));
        assertTrue(a.startsWith("<svg"));
        assertTrue(a.contains("t &lt;&amp;&gt;"), "title escaped");
        assertTrue(a.contains("<polyline"));
        assertTrue(a.contains("99.9%"), "x axis reaches the last sample's decade");
        assertTrue(LatencyPlot.svg("t", "ns", 0, List.of()).contains("no samples"));
    }
}
