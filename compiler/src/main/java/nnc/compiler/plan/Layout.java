package nnc.compiler.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.ir.ParamSpec;

/**
 * Where each parameter lives in the one flat parameter array, and the regions of that array
 * the optimizer updates. Parameters are grouped by their l1/l2 coefficients, so the update is
 * one loop per distinct pair (usually one or two loops for the whole model).
 *
 * @param params  parameters in layout order
 * @param offsets parameter name to first index
 * @param total   floats in all
 * @param regions runs of equal regularization, covering the array
 */
public record Layout(List<ParamSpec> params, Map<String, Integer> offsets, int total,
                     List<Region> regions) {

    /** A run of the parameter array with one l1 and one l2 coefficient. */
    public record Region(int offset, int length, double l1, double l2) {
    }

    /** Lays out {@code params}, regularized ones first, in declaration order within a group. */
    public static Layout of(List<ParamSpec> params) {
        List<ParamSpec> ordered = new ArrayList<>(params);
        ordered.sort(Comparator.comparing((ParamSpec p) -> p.l1() == 0 && p.l2() == 0)
                .thenComparingDouble(p -> -p.l2()).thenComparingDouble(p -> -p.l1()));
        Map<String, Integer> offsets = new LinkedHashMap<>();
        List<Region> regions = new ArrayList<>();
        int at = 0;
        for (ParamSpec p : ordered) {
            offsets.put(p.name(), at);
            Region last = regions.isEmpty() ? null : regions.get(regions.size() - 1);
            if (last != null && last.l1() == p.l1() && last.l2() == p.l2()) {
                regions.set(regions.size() - 1,
                        new Region(last.offset(), last.length() + p.size(), p.l1(), p.l2()));
            } else {
                regions.add(new Region(at, p.size(), p.l1(), p.l2()));
            }
            at += p.size();
        }
        return new Layout(List.copyOf(ordered), offsets, at, List.copyOf(regions));
    }

    /** The parameter called {@code name}. */
    public ParamSpec param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
