"""Every reference key the follow-up rules cite exists in the knowledge base."""

import re
from pathlib import Path

from sciatica_pt import knowledge
from sciatica_pt.core import followup

KEY = re.compile(r'"([A-Z][A-Za-z]+-[A-Za-z0-9-]+)"')


def test_every_cited_reference_key_is_in_references_yaml():
    keys = {r.key for r in knowledge.load().references}
    cited = {
        match
        for source in Path(followup.__file__).parent.glob("*.py")
        for match in KEY.findall(source.read_text())
    }
    assert cited, "the pattern found no reference keys at all"
    assert cited <= keys, cited - keys
