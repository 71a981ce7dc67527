# n8n's Python names for the Code node. Each _name is answered by the host evaluating the JavaScript $name in
# the node's expression sandbox (_input.first() is $input.first(), _('Start').item is $('Start').item), so
# Python sees the very data JavaScript sees, as JSON: objects read both as obj.key and obj['key'], as n8n's
# Pyodide proxies did. The user's code is compiled as the body of a function and run with fresh globals.
# Nothing is imported: every import costs start-up in each fresh interpreter. Values cross as Python literals
# the host writes (objects as _O({...})) and go back as the host reads Python values.


class _N8nObject(dict):
    """A JSON object from n8n: obj.key and obj['key'] both read a field."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value

    def __delattr__(self, name):
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None


class _N8nJsError(Exception):
    """An error of the JavaScript behind an n8n name (a node that has not run, an item without pairing)."""


_N8N_LITERALS = {'_O': _N8nObject, '__builtins__': {}}


def _n8n_js(expression):
    reply = __n8n_host_eval(expression)
    if reply[0] == 'e':
        raise _N8nJsError(reply[1:])
    if reply[0] == 'u':
        return None
    return eval(reply[1:], _N8N_LITERALS)


def _n8n_jsstr(text):
    out = []
    for ch in text:
        code = ord(ch)
        if 0x20 <= code < 0x7f and ch not in '"\\':
            out.append(ch)
        elif code > 0xffff:
            code -= 0x10000
            out.append('\\u%04x\\u%04x' % (0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff)))
        else:
            out.append('\\u%04x' % code)
    return '"' + ''.join(out) + '"'


def _n8n_arg(value):
    if value is None:
        return 'undefined'
    if value is True or value is False:
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _n8n_jsstr(value)
    raise TypeError('an argument must be a number or a text, not ' + type(value).__name__)


def _n8n_call(target, method, args):
    args = list(args)
    while args and args[-1] is None:
        args.pop()
    return _n8n_js(target + '.' + method + '(' + ', '.join(_n8n_arg(a) for a in args) + ')')


class _N8nItems:
    """$input, or $('Node'): the items of a node's run."""

    def __init__(self, target):
        self._target = target

    def first(self, branchIndex=None, runIndex=None):
        return _n8n_call(self._target, 'first', (branchIndex, runIndex))

    def last(self, branchIndex=None, runIndex=None):
        return _n8n_call(self._target, 'last', (branchIndex, runIndex))

    def all(self, branchIndex=None, runIndex=None):
        return _n8n_call(self._target, 'all', (branchIndex, runIndex))

    @property
    def item(self):
        return _n8n_js(self._target + '.item')

    @property
    def params(self):
        return _n8n_js(self._target + '.params')

    @property
    def context(self):
        return _n8n_js(self._target + '.context')

    def __repr__(self):
        return '<' + self._target + '>'


class _N8nNode(_N8nItems):
    def pairedItem(self, itemIndex=None):
        return _n8n_call(self._target, 'pairedItem', (itemIndex,))

    def itemMatching(self, itemIndex):
        return _n8n_call(self._target, 'itemMatching', (itemIndex,))

    @property
    def isExecuted(self):
        return _n8n_js(self._target + '.isExecuted')


class _N8nUnavailable:
    """A name whose JavaScript fails here ($json over all items): using it raises that error."""

    def __init__(self, message):
        object.__setattr__(self, '_message', message)

    def __getattr__(self, name):
        raise _N8nJsError(self._message)

    def __getitem__(self, key):
        raise _N8nJsError(self._message)

    def __iter__(self):
        raise _N8nJsError(self._message)

    def __repr__(self):
        return '<unavailable: ' + self._message + '>'


def _n8n_node(name):
    return _N8nNode('$(' + _n8n_jsstr(str(name)) + ')')


def _n8n_print(*args, sep=' ', end='\n', **kwargs):
    __n8n_host_log(sep.join(str(a) for a in args))


# Names a run gets, each the value of its JavaScript at the start of the run.
_N8N_EVERY_RUN = {'_runIndex': '$runIndex', '_mode': '$mode', '_now': '$now', '_today': '$today',
                  '_workflow': '$workflow', '_execution': '$execution', '_prevNode': '$prevNode',
                  '_vars': '$vars'}
_N8N_EACH_ITEM = {'_json': '$json', '_binary': '$binary', '_itemIndex': '$itemIndex', '_item': '$input.item'}
_N8N_ALL_ITEMS = {'_items': '$input.all()'}

_n8n_code = None


def _n8n_compile(source):
    """None, or the syntax error as ['e', message, line]."""
    global _n8n_code
    body = '\n'.join('  ' + line for line in source.split('\n'))
    try:
        _n8n_code = compile('def _n8n_main():\n' + body + '\n  pass\n', '<code>', 'exec')
    except SyntaxError as e:
        return ['e', 'SyntaxError: ' + str(e.msg), max((e.lineno or 1) - 1, 1)]
    return None


def _n8n_run(each_item):
    """['v', what the code returned] or ['e', message, line or None]."""
    names = {'_input': _N8nItems('$input'), '_': _n8n_node, 'print': _n8n_print}
    for table in (_N8N_EVERY_RUN, _N8N_EACH_ITEM if each_item else _N8N_ALL_ITEMS):
        for name, js in table.items():
            try:
                names[name] = _n8n_js(js)
            except _N8nJsError as e:
                names[name] = _N8nUnavailable(str(e))
    names['__name__'] = '__n8n_code__'
    try:
        exec(_n8n_code, names)
        return ['v', names['_n8n_main']()]
    except Exception as e:
        line = None
        tb = e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == '<code>':
                line = tb.tb_lineno - 1
            tb = tb.tb_next
        message = str(e) if isinstance(e, _N8nJsError) else type(e).__name__ + ': ' + str(e)
        return ['e', message, line]
