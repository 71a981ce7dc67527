package io.hetumind.core.spi;

/**
 * The {@link PropertySpec#typeOptions()} keys the designer understands. Values are JSON: a
 * number for {@link #ROWS}, {@link #MIN_VALUE}, {@link #MAX_VALUE} and
 * {@link #NUMBER_PRECISION}, a boolean for {@link #PASSWORD}, text otherwise.
 */
public final class TypeOptions {

    /** Lines of a multi-line text box (string, json, code). */
    public static final String ROWS = "rows";
    /** Mask the input (string). */
    public static final String PASSWORD = "password";
    /** Smallest accepted number (number). */
    public static final String MIN_VALUE = "minValue";
    /** Largest accepted number (number). */
    public static final String MAX_VALUE = "maxValue";
    /** Digits after the decimal point (number). */
    public static final String NUMBER_PRECISION = "numberPrecision";
    /** Language of the code editor: javascript, json, sql, html, css (string, json, code). */
    public static final String EDITOR = "editor";
    /** Name of the node type's {@link OptionLoader} that computes the choices (options, multiOptions, string). */
    public static final String LOAD_OPTIONS = "loadOptions";
    /** Parameters whose change makes the designer load the choices again (array of paths). */
    public static final String LOAD_OPTIONS_DEPENDS_ON = "loadOptionsDependsOn";
    /** Ways a resource locator's value may be given: list (from the loader), name, id, url (array). */
    public static final String MODES = "modes";
    /** Label of the button adding one more entry of a repeatable group (fixedCollection). */
    public static final String MULTIPLE_VALUE_BUTTON_TEXT = "multipleValueButtonText";

    private TypeOptions() {}
}
