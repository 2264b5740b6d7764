using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Docs;

/// <summary>
/// The self-contained docs page of <c>GET /api/docs</c>: no CDN or bundle (the app ships none and may run offline).
/// Its inline script fetches <c>openapi.json</c> and renders every operation with DOM APIs and textContent only,
/// so no document text is ever parsed as HTML. The CSP allows exactly this script and style by their hashes.
/// </summary>
public static class ApiDocsPage
{
    private const string Style = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
        header.page { padding: 24px 32px; border-bottom: 1px solid var(--line); background: var(--bg); }
        header.page h1 { margin: 0 0 4px; font-size: 24px; }
        header.page p { margin: 4px 0; color: var(--muted); max-width: 900px; }
        main { padding: 8px 32px 48px; max-width: 1100px; }
        h2 { margin: 32px 0 4px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        .tag-description { color: var(--muted); margin: 4px 0 12px; }
        .op { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; background: #fff; }
        .op > .op-head { display: flex; gap: 12px; align-items: center; padding: 8px 12px; background: var(--bg); border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0; }
        .op > .op-body { padding: 8px 12px; }
        .method { display: inline-block; min-width: 64px; text-align: center; font-weight: 700; font-size: 12px; padding: 2px 8px; border-radius: 4px; color: #fff; text-transform: uppercase; }
        .method.get { background: #0969da; } .method.post { background: #1a7f37; } .method.put { background: #9a6700; } .method.delete { background: #cf222e; }
        .path { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-weight: 600; }
        .summary { color: var(--muted); }
        .auth { margin-left: auto; font-size: 12px; color: var(--muted); }
        h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 12px 0 4px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
        th { font-weight: 600; color: var(--muted); }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
        .status { font-weight: 700; }
        .schema-ref { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
        .error { color: #cf222e; font-weight: 600; }
        """;

    private const string Script = """
        (function () {
          'use strict';
          var root = document.getElementById('operations');
          var methods = ['get', 'post', 'put', 'patch', 'delete'];

          function el(tag, className, text) {
            var node = document.createElement(tag);
            if (className) { node.className = className; }
            if (text !== undefined && text !== null) { node.textContent = String(text); }
            return node;
          }

          function schemaName(schema) {
            if (!schema) { return ''; }
            if (schema.$ref) { return schema.$ref.split('/').pop(); }
            if (schema.allOf && schema.allOf.length === 1) { return schemaName(schema.allOf[0]); }
            if (schema.type === 'array') { return schemaName(schema.items) + '[]'; }
            var name = schema.type || 'object';
            if (schema.format) { name += ' (' + schema.format + ')'; }
            if (schema['enum']) { name += ': ' + schema['enum'].join(' | '); }
            return name;
          }

          function schemaLink(schema) {
            var name = schemaName(schema);
            var ref = schema && (schema.$ref || (schema.items && schema.items.$ref) || (schema.allOf && schema.allOf[0].$ref));
            if (!ref) { return el('span', 'schema-ref', name); }
            var link = el('a', 'schema-ref', name);
            link.href = '#schema-' + ref.split('/').pop();
            return link;
          }

          function table(headings, rows) {
            var t = el('table');
            var head = t.createTHead().insertRow();
            headings.forEach(function (h) { head.appendChild(el('th', null, h)); });
            var body = t.createTBody();
            rows.forEach(function (cells) {
              var row = body.insertRow();
              cells.forEach(function (cell) {
                var td = row.insertCell();
                if (cell instanceof Node) { td.appendChild(cell); } else { td.textContent = cell === undefined ? '' : String(cell); }
              });
            });
            return t;
          }

          function contentCell(content) {
            var cell = el('span');
            Object.keys(content || {}).forEach(function (type, i) {
              if (i > 0) { cell.appendChild(document.createTextNode(', ')); }
              cell.appendChild(el('code', null, type));
              cell.appendChild(document.createTextNode(' '));
              cell.appendChild(schemaLink(content[type].schema));
            });
            return cell;
          }

          function describeParameter(p) {
            var schema = p.schema || {};
            var bounds = [];
            if (schema.minimum !== undefined) { bounds.push('min ' + schema.minimum); }
            if (schema.maximum !== undefined) { bounds.push('max ' + schema.maximum); }
            if (schema['default'] !== undefined) { bounds.push('default ' + schema['default']); }
            return [(p.description || ''), bounds.join(', ')].filter(Boolean).join(' ');
          }

          function renderOperation(path, method, op, pathParameters) {
            var article = el('article', 'op');
            article.setAttribute('data-operation-id', op.operationId);
            article.id = 'op-' + op.operationId;
            var head = el('div', 'op-head');
            head.appendChild(el('span', 'method ' + method, method));
            head.appendChild(el('span', 'path', path));
            head.appendChild(el('span', 'summary', op.summary || ''));
            var secured = op.security && op.security.length > 0;
            head.appendChild(el('span', 'auth', secured ? 'function key' : 'anonymous'));
            article.appendChild(head);

            var body = el('div', 'op-body');
            body.appendChild(el('div', null, 'operationId: ' + op.operationId));
            if (op.description) { body.appendChild(el('p', null, op.description)); }

            var parameters = (pathParameters || []).concat(op.parameters || []);
            if (parameters.length) {
              body.appendChild(el('h3', null, 'Parameters'));
              body.appendChild(table(['name', 'in', 'required', 'type', 'description'], parameters.map(function (p) {
                return [el('code', null, p.name), p['in'], p.required ? 'yes' : 'no', schemaName(p.schema), describeParameter(p)];
              })));
            }

            if (op.requestBody) {
              body.appendChild(el('h3', null, 'Request body' + (op.requestBody.required ? '' : ' (optional)')));
              body.appendChild(table(['content', 'description'], [[contentCell(op.requestBody.content), op.requestBody.description || '']]));
            }

            body.appendChild(el('h3', null, 'Responses'));
            var responses = op.responses || {};
            body.appendChild(table(['status', 'description', 'content'], Object.keys(responses).map(function (status) {
              return [el('span', 'status', status), responses[status].description || '', contentCell(responses[status].content)];
            })));
            article.appendChild(body);
            return article;
          }

          function renderSchemas(schemas) {
            var section = el('section');
            section.appendChild(el('h2', null, 'Schemas'));
            Object.keys(schemas || {}).forEach(function (name) {
              var schema = schemas[name];
              var article = el('article', 'op');
              article.id = 'schema-' + name;
              var head = el('div', 'op-head');
              head.appendChild(el('span', 'path', name));
              if (schema.description) { head.appendChild(el('span', 'summary', schema.description)); }
              article.appendChild(head);
              var body = el('div', 'op-body');
              var required = schema.required || [];
              var properties = schema.properties || {};
              body.appendChild(table(['property', 'type', 'required', 'description'], Object.keys(properties).map(function (prop) {
                var p = properties[prop];
                return [el('code', null, prop), schemaLink(p), required.indexOf(prop) >= 0 ? 'yes' : 'no', p.description || ''];
              })));
              article.appendChild(body);
              section.appendChild(article);
            });
            return section;
          }

          function render(doc) {
            document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
            document.getElementById('description').textContent = doc.info.description || '';
            var tags = (doc.tags || []).map(function (t) { return t.name; });
            var byTag = {};
            Object.keys(doc.paths).forEach(function (path) {
              var item = doc.paths[path];
              methods.forEach(function (method) {
                var op = item[method];
                if (!op) { return; }
                var tag = (op.tags && op.tags[0]) || 'Other';
                if (tags.indexOf(tag) < 0) { tags.push(tag); }
                (byTag[tag] = byTag[tag] || []).push(renderOperation(path, method, op, item.parameters));
              });
            });
            tags.forEach(function (tag) {
              if (!byTag[tag]) { return; }
              var section = el('section');
              section.setAttribute('data-tag', tag);
              section.appendChild(el('h2', null, tag));
              var info = (doc.tags || []).filter(function (t) { return t.name === tag; })[0];
              if (info && info.description) { section.appendChild(el('p', 'tag-description', info.description)); }
              byTag[tag].forEach(function (article) { section.appendChild(article); });
              root.appendChild(section);
            });
            root.appendChild(renderSchemas(doc.components && doc.components.schemas));
            document.body.setAttribute('data-rendered', 'true');
          }

          // The page is served at /api/docs or /api/docs/; the document sits next to it either way.
          var url = location.pathname.slice(-1) === '/' ? '../openapi.json' : 'openapi.json';
          document.getElementById('document-link').href = url;
          fetch(url, { headers: { 'Accept': 'application/json' } })
            .then(function (response) {
              if (!response.ok) { throw new Error('openapi.json answered ' + response.status); }
              return response.json();
            })
            .then(render)
            .catch(function (error) {
              root.appendChild(el('p', 'error', 'Could not load the API description: ' + error.message));
            });
        })();
        """;

    public static string Html { get; } = $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>LeadFunctions API</title>
        <style>{{Style}}</style>
        </head>
        <body>
        <header class="page"><h1 id="title">LeadFunctions API</h1><p id="description">Loading the API description…</p><p><a id="document-link" href="openapi.json">openapi.json</a></p></header>
        <main id="operations"></main>
        <script>{{Script}}</script>
        </body>
        </html>
        """;

    /// <summary>Allows nothing but this page's own script and style, fetches to this origin, and no framing.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; script-src '{Hash(Script)}'; style-src '{Hash(Style)}'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
