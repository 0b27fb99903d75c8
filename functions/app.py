from chalice import Chalice

from chalicelib.appointments.admin_routes import bp as appointments_admin
from chalicelib.appointments.routes import bp as appointments
from chalicelib.cases.routes import bp as cases
from chalicelib.daily.routes import bp as daily
from chalicelib.meta.routes import bp as meta
from chalicelib.queue.routes import bp as queue
from chalicelib.release.waiting_routes import bp as waiting
from chalicelib.sites.routes import bp as sites
from chalicelib.staff.routes import bp as staff
from chalicelib.web.errors import problem_middleware

app = Chalice(app_name="blizej")
app.register_middleware(problem_middleware, "http")
app.register_blueprint(meta)
app.register_blueprint(sites)
app.register_blueprint(appointments)
app.register_blueprint(appointments_admin)
app.register_blueprint(cases)
app.register_blueprint(queue)
app.register_blueprint(staff)
app.register_blueprint(daily)
app.register_blueprint(waiting)
