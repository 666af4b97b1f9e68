package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.jit.InMemoryCompiler;
import nnc.compiler.source.SourceFile;
import nnc.runtime.Model;
import org.junit.jupiter.api.Test;

/** Nothing a .nn file says can become code in the generated class. */
class InjectionTest {

    @Test
    void stringsAreEscapedIntoLiterals() throws Exception {
        String evil = "x\\\"); System.exit(1); String s = (\\\"\\n*/ /*";
        String text = "model Safe {\n input x: [2]\n output y: [1]\n layers { dense(1) }\n"
                + " loss: mse\n optimizer: sgd\n data { train: csv(\"" + evil
                + "\", label: \"y\\\"}\") }\n}\n";
        Diagnostics d = new Diagnostics(SourceFile.of("safe.nn", text));
        Compiler.Result r = Compiler.compile(d, Compiler.Options.defaults());
        assertNotNull(r, d::render);
        Model m = InMemoryCompiler.compile(r.className(), r.java().toString())
                .getConstructor().newInstance();
        List<String> paths = m.dataConfig().train().paths();
        assertEquals("x\"); System.exit(1); String s = (\"\n*/ /*", paths.get(0));
        assertEquals("y\"}", m.dataConfig().train().options().get("label"));
    }

    @Test
    void aModelNameCannotCarryCode() {
        for (String name : List.of("X{ static { System.exit(1); } }", "class", "X;Y")) {
            Diagnostics d = new Diagnostics(SourceFile.of("bad.nn", "model " + name
                    + " {\n input x: [2]\n output y: [1]\n layers { dense(1) }\n loss: mse\n"
                    + " optimizer: sgd\n}\n"));
            assertNull(Compiler.compile(d, Compiler.Options.defaults()), name);
        }
    }
}
