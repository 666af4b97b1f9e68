package nnc.cli.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nnc.compiler.source.Span;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** The compiler counts code points from 1, LSP counts UTF-16 units from 0. */
class LineMapTest {
    private final LineMap map = new LineMap("ab\n😀x yz\r\nlast");

    @Test
    void spansBecomeUtf16Ranges() {
        // `x` is the second code point of line 2 but starts at UTF-16 offset 2.
        assertEquals(new Range(new Position(1, 2), new Position(1, 3)),
                map.toLsp(new Span(2, 2, 2, 3)));
        assertEquals(new Range(new Position(0, 0), new Position(0, 2)),
                map.toLsp(new Span(1, 1, 1, 3)));
        assertEquals(new Range(new Position(0, 0), new Position(0, 0)), map.toLsp(Span.NONE));
    }

    @Test
    void editorPositionsBecomeCodePointColumns() {
        assertEquals(new LineMap.Cursor(2, 1), map.fromLsp(new Position(1, 2)));
        assertEquals(new LineMap.Cursor(2, 5), map.fromLsp(new Position(1, 99)));
        assertEquals(new LineMap.Cursor(1, 0), map.fromLsp(new Position(-3, -3)));
        assertEquals(new LineMap.Cursor(3, 2), map.fromLsp(new Position(9, 2)));
    }

    @Test
    void slicesAndEnds() {
        assertEquals("x yz", map.slice(new Span(2, 2, 2, 6)));
        assertEquals("b\n😀x", map.slice(new Span(1, 2, 2, 3)));
        assertEquals(new Position(2, 4), map.end());
        assertEquals("😀x yz", map.line(1));
    }
}
