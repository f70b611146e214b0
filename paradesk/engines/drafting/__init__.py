"""Document assembly: fill the firm's DOCX templates from a typed matter context.

- `context`: the typed context (`paradesk.draft-context/1`) templates are filled from;
- `fields`: a template's merge fields, checked against that context before use;
- `render`: docxtpl in a sandbox, the DRAFT watermark, the signer's status;
- `demand`: a demand letter's context from an approved chronology and the matter;
- `builtin`: the templates we ship; `pdf`: DOCX to PDF through LibreOffice.
"""
