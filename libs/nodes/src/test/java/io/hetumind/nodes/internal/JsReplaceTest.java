package io.hetumind.nodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code input.replace(new RegExp(pattern), replacement)} as Node.js 20 computes it (each expected value was printed
 * by node for the same three strings): every replacement pattern, group numbers past the group count, groups that did
 * not take part, named groups with and without a closing bracket, and the characters Java's own syntax would read.
 */
class JsReplaceTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '\t',
            quoteCharacter = '"',
            textBlock =
                    """
            (a)(b)?	xaby	"[$1|$2|$&|$`|$'|$$|$0|$3|$01|$10|$x|$|\\1]"	"x[a|b|ab|x|y|$|$0|$3|a|a0|$x|$|\\1]y"
            (a)(b)?	xay	[$1|$2|$02|$12]	x[a|||a2]y
            (?<first>a)(?<second>b)?	xay	[$<first>|$<second>|$<none>|$<first|$<]	x[a|||$<first|$<]y
            (a)	xay	[$<first>]	x[$<first>]y
            (a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)	abcdefghijk	$11-$10-$1-$9-$111	k-j-a-i-k1
            o	foo	e$	fe$o
            ^	key	pre_	pre_key
            $	key	_post	key_post
            ""	key	-	-key
            \\.	a.b.c	\\_	a\\_b.c
            z	key	$&	key
            """)
    void replacesTheFirstMatchAsJavaScriptDoes(String pattern, String input, String replacement, String expected) {
        assertThat(JsReplace.first(Pattern.compile(pattern).matcher(input), input, replacement))
                .isEqualTo(expected);
    }
}
