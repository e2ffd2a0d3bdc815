"""flask commands: seed-demo, create-admin, worker, scan-warnings, scan-due, scan-criteria, relay-outbox."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from server.extensions import db


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Load the demo city (南宁市) with rosters and staff accounts."""
    from server import clock
    from server.demo import DEMO_PASSWORD, seed

    _, logins = seed(db.session, clock.today())
    click.echo("演示数据已就绪（南宁市，首次运行时创建，之后沿用）。")
    click.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, role, org in logins:
        click.echo(f"  {username:<22} {role}\t{org}")


@click.command("create-admin")
@click.option("--org", "org_name", required=True, help="市级组织名称，不存在则创建")
@click.option("--username", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True, confirmation_prompt=False)
@with_appcontext
def create_admin(org_name, username, password):
    """Create the first organization-staff account of a new installation."""
    from server.domain.errors import DomainError
    from server.services.accounts import create_first_admin

    try:
        account = create_first_admin(db.session, org_name=org_name, username=username, password=password)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    click.echo(f"已创建管理员账号 {account.username}（组织编号 {account.org_id}）")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Quit when the queue is empty.")
@with_appcontext
def worker(burst):
    """Start an rq worker with the schedule (server.domain.schedule) and rq's scheduler (needs REDIS_URL)."""
    from flask import current_app

    from server.jobs import get_queue
    from server.jobs.schedule import start_keeper
    from server.jobs.worker import run

    queue = get_queue()
    if queue is None:
        raise click.ClickException("REDIS_URL 未设置，无法启动后台 worker")
    app = current_app._get_current_object()
    # a burst drains the queue and quits: the schedule is for the workers that stay
    run(queue, burst=burst, keep_schedule=None if burst else (lambda: start_keeper(app)))


@click.command("scan-warnings")
@with_appcontext
def scan_warnings():
    """Flag overdue warnings now (the worker also does this daily)."""
    from server.jobs.warnings import scan_overdue_warnings

    flagged = scan_overdue_warnings()
    click.echo(f"已标记逾期预警 {len(flagged)} 条")


@click.command("relay-outbox")
@with_appcontext
def relay_outbox():
    """Hand over the events still waiting in the outbox now (the worker does this every few seconds)."""
    from server.extensions import db
    from server.jobs.dispatch import relay

    result = relay(db.session)
    click.echo(f"待转交事件 {result['pending']} 个，已转交 {result['handed']} 个，仍失败 {result['failed']} 个")


@click.command("scan-criteria")
@with_appcontext
def scan_criteria():
    """Evaluate criteria 1–5 of 调控预警 for every organization now (the worker also does this nightly)."""
    from server.jobs.warnings import scan_criteria as run

    result = run()
    click.echo(f"已研判 {result['judged']} 个组织，新增预警建议 {result['new']} 条")


@click.command("scan-due")
@with_appcontext
def scan_due():
    """List the record's steps due within a week and overdue now (the worker also does this daily)."""
    from server.jobs.records import scan_due_steps

    result = scan_due_steps()
    click.echo(f"7 天内到期 {result['due'] - result['overdue']} 个环节，已逾期 {result['overdue']} 个，"
               f"新增 {result['new']} 个，已办结 {result['gone']} 个；催办部门意见 {result['reminded']} 个；"
               f"提醒特聘组织员年度考核 {result['assessment_reminders']} 项")


@click.command("seed-scale")
@click.option("--orgs", default=15_000, show_default=True, help="组织数")
@click.option("--people", default=300_000, show_default=True, help="人员数")
@click.option("--seed", "seed_value", default=2013, show_default=True, help="随机种子（相同种子生成相同数据）")
@with_appcontext
def seed_scale(orgs, people, seed_value):
    """Generate a city of realistic size for benchmarks (accounts scale_city, scale_county, scale_committee,
    scale_secretary; password Scale@2026)."""
    import time

    from server import clock
    from server.scale import PASSWORD, Plan, seed

    started = time.monotonic()
    counts = seed(db.session, Plan(orgs=orgs, people=people, seed=seed_value, today=clock.today()), click.echo)
    db.session.commit()
    click.echo(f"完成：组织 {counts['organizations']:,}，人员 {counts['people']:,}，纪实环节 {counts['entries']:,}，"
               f"用时 {time.monotonic() - started:.0f} 秒。账号 scale_city / scale_county / scale_committee / "
               f"scale_secretary，密码 {PASSWORD}")


COMMANDS = (seed_demo, create_admin, worker, scan_warnings, scan_due, scan_criteria, seed_scale, relay_outbox)


def register_commands(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
