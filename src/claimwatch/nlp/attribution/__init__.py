"""Attribution: who said what — quotation marks, reporting cues, speaker candidates and the learned ranker."""
