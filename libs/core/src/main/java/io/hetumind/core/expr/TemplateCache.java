package io.hetumind.core.expr;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded concurrent map of compiled templates. When full it drops an arbitrary tenth of
 * the entries: simpler than LRU, and a workflow's templates are recompiled at most once more.
 */
final class TemplateCache {

    private final int maxSize;
    private final ConcurrentHashMap<String, CompiledTemplate> map = new ConcurrentHashMap<>();

    TemplateCache(int maxSize) {
        this.maxSize = maxSize;
    }

    CompiledTemplate get(String source, Function<String, CompiledTemplate> compiler) {
        CompiledTemplate hit = map.get(source);
        if (hit != null) {
            return hit;
        }
        // compile outside computeIfAbsent: a syntax error must not poison the map's bin lock
        CompiledTemplate compiled = compiler.apply(source);
        if (map.size() >= maxSize) {
            evict();
        }
        CompiledTemplate raced = map.putIfAbsent(source, compiled);
        return raced != null ? raced : compiled;
    }

    int size() {
        return map.size();
    }

    private void evict() {
        int toRemove = Math.max(1, maxSize / 10);
        Iterator<String> keys = map.keySet().iterator();
        while (toRemove-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
