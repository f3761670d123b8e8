"""Campaign detection: find the template behind mass outreach (pure core, no database).

``skeleton`` masks personalisation, ``fingerprint`` hashes the skeleton (exactly and with
MinHash), ``CampaignIndex`` groups fingerprints into campaigns with stable ids, and
``extract_template`` shows what a campaign's members share. ``to_shareable`` gives a hash-only
form for matching with other seedbeds. Must not import: the store, the judge, the CLI.
"""

from seedbed.campaign.cluster import MIN_CAMPAIGN_SIZE, CampaignIndex, IndexState, campaign_key
from seedbed.campaign.fingerprint import (
    Fingerprint,
    fingerprint,
    fingerprint_many,
    fingerprint_skeleton,
    shareable_similarity,
    to_shareable,
)
from seedbed.campaign.skeleton import MaskContext, skeleton
from seedbed.campaign.template import Template, extract_template

__all__ = [
    "MIN_CAMPAIGN_SIZE",
    "CampaignIndex",
    "Fingerprint",
    "IndexState",
    "MaskContext",
    "Template",
    "campaign_key",
    "extract_template",
    "fingerprint",
    "fingerprint_many",
    "fingerprint_skeleton",
    "shareable_similarity",
    "skeleton",
    "to_shareable",
]
