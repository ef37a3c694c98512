"""Every route is either marked public or guarded by a role check: a new route without one
fails here before it can leak anything."""

from portal.web.access import access_of


def test_every_route_declares_who_may_use_it(app):
    unguarded = [
        endpoint for endpoint in app.view_functions if endpoint != "static" and access_of(app, endpoint) is None
    ]
    assert unguarded == []


# Every view anyone may use without signing in, blueprint by blueprint. A public blueprint
# marks all its views public, so a staff view put on one by mistake would need no sign-in: it
# fails here until it is given a role check, or listed as public on purpose.
PUBLIC_VIEWS = {
    "accounts": {
        "accept_invitation",
        "enter_code",
        "enter_recovery_code",
        "open_invitation",
        "open_reset_link",
        "request_reset",
        "reset_password",
        "reset_sent",
        "session_status",
        "set_up_authenticator",
        "sign_in",
        "sign_out",
        "signed_out",
    },
    "api": {
        "list_organizations",
        "list_service_at_locations",
        "list_services",
        "list_taxonomies",
        "list_taxonomy_terms",
        "show_openapi",
        "show_organization",
        "show_root",
        "show_schema",
        "show_service",
        "show_service_at_location",
        "show_taxonomy",
        "show_taxonomy_term",
    },
    "directory": {
        "add_to_shortlist_page",
        "confirm_add_to_shortlist",
        "find_area",
        "remove_from_shortlist_page",
        "search",
        "send_shortlist_page",
        "view_listing",
        "view_shortlist",
    },
    "followups_public": {"answer", "answered"},
    "notify_callbacks": {"receive_text"},
    "organisations_public": {
        "ask_to_join",
        "claim_organisation",
        "confirm_still_correct",
        "problem_sent",
        "report_problem",
        "request_sent",
    },
    "pages": {"content", "home", "languages"},
    "referrals": {
        "begin_journey",
        "check_answers",
        "save_about_you",
        "save_answer",
        "send_answers",
        "show_answers_deleted",
        "show_confirmation",
        "show_notice",
        "show_question",
        "start_callback",
        "start_self_referral",
    },
    "site": {"choose_language", "exit_page", "health", "healthz", "readyz"},
}


def test_only_the_views_listed_as_public_need_no_sign_in(app):
    public = {
        endpoint
        for endpoint in app.view_functions
        if endpoint != "static" and not endpoint.startswith("test_routes.") and access_of(app, endpoint) == "public"
    }
    listed = {f"{blueprint}.{view}" for blueprint, views in PUBLIC_VIEWS.items() for view in views}
    assert public == listed
