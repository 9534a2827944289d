REM calc-crm from a Basic macro kept in the document (Tools > Macros > Edit Macros: paste this module into the
REM document's Standard library). Macros inside the office see the extension's own types, so they call the
REM typed service org.calccrm.CustomerJobs directly. RunCalcCrm analyzes the customers of this document, plans
REM the visits of a year and, given a file URL, exports the calendar; it returns one line of results.
Option Explicit

Function Prop(Name As String, Value) As com.sun.star.beans.PropertyValue
    Dim p As New com.sun.star.beans.PropertyValue
    p.Name = Name
    p.Value = Value
    Prop = p
End Function

REM The value of one result of a job (the results are PropertyValues).
Function ResultOf(Results, Name As String)
    Dim i As Integer
    For i = LBound(Results) To UBound(Results)
        If Results(i).Name = Name Then
            ResultOf = Results(i).Value
            Exit Function
        End If
    Next i
End Function

Function RunCalcCrm(Year As Long, Optional IcsUrl As String) As String
    Dim jobs As Object, analysis, plan, counts
    jobs = CreateUnoService("org.calccrm.CustomerJobs")
    analysis = jobs.analyze(ThisComponent, Array(Prop("Method", "pareto")))
    plan = jobs.planVisits(ThisComponent, Array(Prop("Year", Year)))
    If Not IsMissing(IcsUrl) Then jobs.exportCalendar(ThisComponent, IcsUrl, Array())
    counts = ResultOf(analysis, "TierCounts")
    RunCalcCrm = "customers " & ResultOf(analysis, "Customers") & " A " & counts(0) & " B " & counts(1) & _
        " C " & counts(2) & " visits " & ResultOf(plan, "VisitsPlanned") & _
        " unvisited " & ResultOf(plan, "UnvisitedCustomers") & " sheet " & ResultOf(plan, "ScheduleSheet")
End Function

REM A refusal reaches Basic as an error: its message says, in the office's language, what to change.
Function RefusalOf(MaxVisitsPerDay As Long) As String
    On Error GoTo Refused
    CreateUnoService("org.calccrm.CustomerJobs").planVisits(ThisComponent, Array(Prop("MaxVisitsPerDay", MaxVisitsPerDay)))
    RefusalOf = ""
    Exit Function
Refused:
    RefusalOf = Error$
End Function
