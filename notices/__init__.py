"""消息: the portal telling a township or the county that something needs them.

A message goes to one inbox: a township's (its staff read it) or the county's (county staff and the system
administrator read it). Workflow services call ``notices.services.notify`` where a move is recorded; the
message is kept in the inbox, mailed through Django's email settings and handed to the SMS gateway of
``settings.SMS_GATEWAY`` once the step commits. This app depends on ``orgs`` only; the apps that have
something to tell (``demo_sites`` …) depend on it.
"""
